using System.Diagnostics;

namespace Clipper.ContainerManagers.Local;

/// <summary>Makes sure <c>redis-server</c> can run: found on PATH, or installed with apt when allowed and running as root.</summary>
internal static class RedisServerInstaller
{
    private const string InstallCommand = "apt-get install -y --no-install-recommends redis-server";

    public static async Task EnsureAsync(bool install, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (ProgramPath.Find("redis-server") is not null)
        {
            return;
        }

        if (!install || !OperatingSystem.IsLinux() || Environment.UserName != "root" || ProgramPath.Find("apt-get") is null)
        {
            throw new ContainerManagerException($"redis-server is not installed. Install it with `sudo {InstallCommand}`, or start the cluster with --redis HOST:PORT of an existing Redis.");
        }

        progress?.Report("installing redis-server with apt-get...");
        var (code, output) = await RunAsync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "redis-server"], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            // The package lists may be missing on a fresh machine.
            (code, output) = await RunAsync("apt-get", ["update", "-q"], cancellationToken).ConfigureAwait(false);
            if (code == 0)
            {
                (code, output) = await RunAsync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "redis-server"], cancellationToken).ConfigureAwait(false);
            }
        }

        if (code != 0 || ProgramPath.Find("redis-server") is null)
        {
            throw new ContainerManagerException($"Installing redis-server failed (exit code {code}); run `{InstallCommand}` to see why. Last output: {Last(output, 400)}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    private static string Last(string text, int characters) => text.Length <= characters ? text.Trim() : text[^characters..].Trim();
}
