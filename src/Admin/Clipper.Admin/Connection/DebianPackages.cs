using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Clipper.Admin.Connection;

/// <summary>
/// The Debian packages a Python model needs: read from its folder's <c>requirements-debian.txt</c> (one package a
/// line; blank lines and <c># comments</c> ignored) and checked against this machine's dpkg database, since every
/// manager runs the model with this machine's python3 and packages (the Docker and Kubernetes images copy them).
/// </summary>
internal static partial class DebianPackages
{
    /// <summary>The file of a model's folder naming the Debian packages it needs.</summary>
    public const string RequirementsFile = "requirements-debian.txt";

    /// <summary>The packages named by the folder's requirements file (none when it has none), in order, each once.</summary>
    /// <exception cref="ClipperException">A line is not a Debian package name; the message names the line and the rule.</exception>
    public static IReadOnlyList<string> ReadRequirements(string folder)
    {
        var path = Path.Combine(folder, RequirementsFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var packages = new List<string>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            var name = (comment < 0 ? line : line[..comment]).Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (!PackageName().IsMatch(name))
            {
                throw new ClipperException(
                    $"{path} line {i + 1}: '{name}' is not a Debian package name; expected one name a line of lower-case letters, digits, '+', '-' and '.' (e.g. python3-sklearn), or a # comment.");
            }

            if (!packages.Contains(name, StringComparer.Ordinal))
            {
                packages.Add(name);
            }
        }

        return packages;
    }

    /// <summary>Fails when a package is not installed on this machine, naming them and the command that installs them.</summary>
    /// <exception cref="ClipperException">Packages are missing, or dpkg-query cannot be run.</exception>
    public static async Task RequireInstalledAsync(IReadOnlyList<string> packages, string what, CancellationToken cancellationToken)
    {
        var installed = await InstalledAsync(packages, cancellationToken).ConfigureAwait(false);
        var missing = packages.Where(p => !installed.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            var list = string.Join(' ', missing);
            throw new ClipperException(
                $"{what} needs Debian packages that are not installed on this machine: {list}. Install them with: apt-get install -y {list}");
        }
    }

    private static async Task<HashSet<string>> InstalledAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dpkg-query") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-W", "-f=${Package} ${Status}\\n", .. packages])
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ClipperException("Cannot run dpkg-query to check the Python model's Debian packages.");
        }
        catch (Win32Exception ex)
        {
            throw new ClipperException($"Cannot run dpkg-query ({ex.Message}): Python models run with a Debian machine's python3 and packages.");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);

            // Exit code 1 only says some package is unknown; the lines say which are installed.
            var installed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[1].Trim() == "install ok installed")
                {
                    installed.Add(parts[0].Split(':')[0]);
                }
            }

            return installed;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex PackageName();
}
