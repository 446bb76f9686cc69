using System.ComponentModel;
using System.Diagnostics;

namespace Clipper.ContainerManagers.Local;

internal sealed partial class SupervisedProcess
{
    /// <summary>Launches the process once; null (and state <see cref="ReplicaState.Failed"/>) when it cannot be started.</summary>
    private Process? Launch()
    {
        if (_stopping.IsCancellationRequested)
        {
            return null;
        }

        if (s_ownGroups && ProgramPath.Find(Spec.Command[0]) is null)
        {
            // Through setsid a missing program would look like a crash, restarted for ever: say what is wrong instead.
            LaunchError = $"cannot run '{Spec.Command[0]}': no such program (searched PATH)";
            _state = (int)ReplicaState.Failed;
            AppendNote(3002, "Error", LaunchError);
            Log.LaunchFailed(_logger, Spec.Id, LaunchError);
            return null;
        }

        // Each child leads a process group of its own (setsid), so that stopping it also stops what it started:
        // a model run through `sh -c` or a launcher script must not leave its real process behind.
        var info = new ProcessStartInfo(s_ownGroups ? SetsidPath : Spec.Command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Spec.WorkingDirectory ?? Path.GetDirectoryName(LogPath)!,
        };
        for (var i = s_ownGroups ? 0 : 1; i < Spec.Command.Count; i++)
        {
            info.ArgumentList.Add(Spec.Command[i]);
        }

        foreach (var (name, value) in Spec.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        try
        {
            lock (_launchGate)
            {
                if (_stopping.IsCancellationRequested)
                {
                    process.Dispose();
                    return null;
                }

                process.Start();
                _process = process;
            }
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            LaunchError = $"cannot run '{Spec.Command[0]}': {ex.Message}";
            _state = (int)ReplicaState.Failed;
            AppendNote(3002, "Error", LaunchError);
            Log.LaunchFailed(_logger, Spec.Id, LaunchError);
            return null;
        }

        // No input: a model that reads stdin sees end of file rather than blocking on the supervisor.
        process.StandardInput.Close();
        _record = ProcessRecord.Of(process);
        _ = PumpAsync(process.StandardOutput.BaseStream);
        _ = PumpAsync(process.StandardError.BaseStream);
        Log.Launched(_logger, Spec.Id, process.Id);
        return process;
    }
}
