using System.Diagnostics;

namespace Clipper.ContainerManagers.Local;

/// <summary>Checks and ends processes by pid, for a cluster whose supervisor is gone.</summary>
internal static class ProcessTable
{
    public static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then SIGKILL to what is still alive after <paramref name="grace"/>.</summary>
    public static async Task EndAsync(IEnumerable<int> processIds, TimeSpan grace, CancellationToken cancellationToken)
    {
        var alive = new List<int>();
        foreach (var pid in processIds)
        {
            if (IsAlive(pid))
            {
                Signals.Terminate(pid);
                alive.Add(pid);
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
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
