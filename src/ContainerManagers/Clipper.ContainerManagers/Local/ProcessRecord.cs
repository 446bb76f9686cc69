using System.Diagnostics;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// A process as the state file remembers it: its pid and when it started. The start time tells a
/// cluster's process from an unrelated one that got the same pid later (after a reboot, say), so
/// that stopping a stale cluster never signals a stranger.
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartedAtUtc">When it started.</param>
internal sealed record ProcessRecord(int Pid, DateTime StartedAtUtc)
{
    private static readonly TimeSpan s_tolerance = TimeSpan.FromSeconds(2);

    /// <summary>The record of a started process; null when it is already gone.</summary>
    public static ProcessRecord? Of(Process process)
    {
        try
        {
            return new ProcessRecord(process.Id, process.StartTime.ToUniversalTime());
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>True when a process with this pid runs (not a zombie) and started when this record says.</summary>
    public bool IsAlive() =>
        ProcessTable.TryGetStartTime(Pid, out var startedAtUtc) && (startedAtUtc - StartedAtUtc).Duration() < s_tolerance;
}
