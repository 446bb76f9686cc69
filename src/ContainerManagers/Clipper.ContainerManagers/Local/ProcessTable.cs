using System.Diagnostics;

namespace Clipper.ContainerManagers.Local;

/// <summary>Checks and ends processes by pid, for a cluster whose supervisor is gone.</summary>
internal static class ProcessTable
{
    /// <summary>True when a process with this pid runs (whatever it is; see <see cref="ProcessRecord.IsAlive"/>).</summary>
    public static bool IsAlive(int processId) => TryGetStartTime(processId, out _);

    /// <summary>When the running (not zombie) process with this pid started; false when no such process runs.</summary>
    public static bool TryGetStartTime(int processId, out DateTime startedAtUtc)
    {
        startedAtUtc = default;
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited || IsZombie(processId))
            {
                return false;
            }

            startedAtUtc = process.StartTime.ToUniversalTime();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// True for a process that has exited but was not reaped yet. Children of a supervisor that died are
    /// adopted by PID 1, which in a container may never reap them: for us they are gone.
    /// </summary>
    public static bool IsZombie(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then SIGKILL to what is still alive after <paramref name="grace"/>.</summary>
    /// <summary>Ends the recorded processes that still run; a pid now held by another process is left alone.</summary>
    public static async Task EndAsync(IEnumerable<ProcessRecord> processes, TimeSpan grace, CancellationToken cancellationToken)
    {
        var alive = new List<int>();
        foreach (var process in processes)
        {
            if (process.IsAlive())
            {
                // Supervised children lead process groups of their own: the group holds what they started.
                Signals.TerminateGroup(process.Pid);
                Signals.Terminate(process.Pid);
                alive.Add(process.Pid);
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        while (alive.Count > 0 && Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            alive.RemoveAll(pid => !IsAlive(pid));
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var pid in alive)
        {
            try
            {
                Signals.KillGroup(pid);
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        // SIGKILL is delivered at once but the process takes a moment to go: return once it has.
        var killDeadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (alive.Count > 0 && Stopwatch.GetTimestamp() < killDeadline)
        {
            alive.RemoveAll(pid => !IsAlive(pid));
            if (alive.Count > 0)
            {
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
