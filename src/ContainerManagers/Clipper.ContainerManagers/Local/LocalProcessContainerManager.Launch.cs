using System.ComponentModel;
using System.Diagnostics;

namespace Clipper.ContainerManagers.Local;

public sealed partial class LocalProcessContainerManager
{
    // Detached from the caller's terminal session (Ctrl+C there must not stop the cluster) and from its
    // output (a caller in a pipe must see end of file when it exits, not when the cluster does).
    private const string DetachScript =
        "if command -v setsid >/dev/null 2>&1; then exec setsid \"$@\" >>\"$CLIPPER_SUPERVISOR_LOG\" 2>&1 </dev/null; "
        + "else exec \"$@\" >>\"$CLIPPER_SUPERVISOR_LOG\" 2>&1 </dev/null; fi";

    private async Task<LocalClusterState> LaunchSupervisorAsync(LogFormat logFormat, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_paths.Logs);
        File.Delete(_paths.StateFile);
        var command = _options.ResolveClipperCommand();
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(DetachScript);
        info.ArgumentList.Add("clipper-supervisor");
        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add("local-supervisor");
        info.ArgumentList.Add("--cluster");
        info.ArgumentList.Add(ClusterName);
        info.ArgumentList.Add("--state-root");
        info.ArgumentList.Add(_options.StateRoot);
        info.ArgumentList.Add(LogFormats.Flag);
        info.ArgumentList.Add(LogFormats.ValueOf(logFormat));
        info.Environment["CLIPPER_SUPERVISOR_LOG"] = _paths.SupervisorLog;

        // The cluster's format, inherited by every child: a variable in the caller's shell cannot contradict the flag.
        info.Environment[LogFormats.Variable] = LogFormats.ValueOf(logFormat);

        Progress?.Report($"starting the supervisor of cluster '{ClusterName}'...");
        Process launcher;
        try
        {
            launcher = Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            throw new ContainerManagerException($"Cannot start the cluster supervisor with /bin/sh: {ex.Message}");
        }

        using (launcher)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.SupervisorStartTimeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (LocalClusterState.TryLoad(_paths.StateFile) is { ControlPort: > 0 } state && state.Supervisor.IsAlive())
                {
                    return state;
                }

                if (launcher.HasExited)
                {
                    throw new ContainerManagerException(SupervisorFailure($"it exited with code {launcher.ExitCode}", command));
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            launcher.Kill(entireProcessTree: true);
            throw new ContainerManagerException(SupervisorFailure($"it did not answer within {_options.SupervisorStartTimeout.TotalSeconds:0} s", command));
        }
    }

    private string SupervisorFailure(string why, IReadOnlyList<string> command) =>
        $"The supervisor of cluster '{ClusterName}' did not start ({string.Join(' ', command)} local-supervisor): {why}. "
        + $"Its last log lines ({_paths.SupervisorLog}):{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", LogTail.Read(_paths.SupervisorLog, 15));
}
