using System.Diagnostics;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// Reads this machine's Debian package database (<c>dpkg-query</c>): whether packages are installed, the Python
/// packages they depend on, and the files they installed. Images built <c>FROM scratch</c> copy those files.
/// </summary>
internal static class DebianPackages
{
    /// <summary>One installed package: its name, version and the files it installed.</summary>
    /// <param name="Name">The package's name.</param>
    /// <param name="Version">Its installed version.</param>
    /// <param name="Depends">The names of the packages it depends on (the first installed of each set of alternatives).</param>
    public sealed record Package(string Name, string Version, IReadOnlyList<string> Depends);

    /// <summary>
    /// The named packages and, transitively, the Python packages (<c>python3-*</c>) they depend on, sorted by name. The
    /// interpreter's own packages (<c>python3</c>, <c>python3.X</c>, <c>libpython*</c>) are left out: images hold the
    /// interpreter already, and shared libraries are found with <c>ldd</c>.
    /// </summary>
    /// <exception cref="ContainerManagerException">A named package is not installed; the message gives the command that installs it.</exception>
    public static async Task<IReadOnlyList<Package>> ResolvePythonClosureAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var found = new SortedDictionary<string, Package>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (await QueryAsync(name, cancellationToken).ConfigureAwait(false) is { } package)
            {
                if (found.TryAdd(package.Name, package))
                {
                    pending.Enqueue(package.Name);
                }
            }
            else
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new ContainerManagerException(
                $"Debian package(s) {string.Join(", ", missing)} are not installed on this machine; the image is built from installed packages: "
                + $"apt-get install -y {string.Join(' ', missing)}");
        }

        while (pending.TryDequeue(out var current))
        {
            foreach (var dependency in found[current].Depends)
            {
                if (!IsPythonLibrary(dependency) || found.ContainsKey(dependency))
                {
                    continue;
                }

                // A virtual package (python3-numpy-abi9) is not installed under its own name: what provides it is
                // a dependency already.
                if (await QueryAsync(dependency, cancellationToken).ConfigureAwait(false) is { } package && found.TryAdd(package.Name, package))
                {
                    pending.Enqueue(package.Name);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>The regular files a package installed (directories and vanished files left out).</summary>
    public static async Task<IReadOnlyList<string>> FilesAsync(string package, CancellationToken cancellationToken)
    {
        var (exit, output) = await RunAsync(["-L", package], cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new ContainerManagerException($"dpkg-query -L {package} failed: {output.Trim()}");
        }

        var files = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('/') && File.Exists(line))
            {
                files.Add(line);
            }
        }

        return files;
    }

    /// <summary>Whether <paramref name="name"/> is a library of Python modules rather than the interpreter itself.</summary>
    private static bool IsPythonLibrary(string name) =>
        name.StartsWith("python3-", StringComparison.Ordinal) && name is not ("python3-minimal" or "python3-distutils" or "python3-lib2to3");

    private static async Task<Package?> QueryAsync(string name, CancellationToken cancellationToken)
    {
        var (exit, output) = await RunAsync(["-W", "-f=${db:Status-Abbrev}\t${Package}\t${Version}\t${Pre-Depends}, ${Depends}\n", name], cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            return null;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 4 && fields[0].StartsWith("ii", StringComparison.Ordinal))
            {
                return new Package(fields[1], fields[2], await ParseDependsAsync(fields[3], cancellationToken).ConfigureAwait(false));
            }
        }

        return null;
    }

    /// <summary>"a (>= 1), b:any | c, d" → [a, b or c (whichever is installed first), d].</summary>
    private static async Task<IReadOnlyList<string>> ParseDependsAsync(string field, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var clause in field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var alternatives = clause.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var chosen = NameOf(alternatives[0]);
            if (alternatives.Length > 1)
            {
                foreach (var alternative in alternatives)
                {
                    if (await QueryAsync(NameOf(alternative), cancellationToken).ConfigureAwait(false) is not null)
                    {
                        chosen = NameOf(alternative);
                        break;
                    }
                }
            }

            names.Add(chosen);
        }

        return names;
    }

    private static string NameOf(string relation)
    {
        var end = relation.IndexOfAny([' ', '(', ':', '[']);
        return end < 0 ? relation : relation[..end];
    }

    private static async Task<(int Exit, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dpkg-query") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ContainerManagerException($"dpkg-query is needed to build Python images from this machine's Debian packages ({ex.Message}).");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
        }
    }
}
