using System.Runtime.InteropServices;

namespace Clipper.Faults.Processes;

/// <summary>POSIX signals sent straight to a process id (no <c>kill</c> child process, so a fault lands within microseconds).</summary>
internal static class Signals
{
    /// <summary>SIGKILL: ends the process at once; it gets no chance to say goodbye.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM: asks the process to stop (frontends and containers drain).</summary>
    public const int Terminate = 15;

    /// <summary>SIGCONT: resumes a stopped process.</summary>
    public const int Continue = 18;

    /// <summary>SIGSTOP: freezes the process; its sockets stay open but it sends nothing, not even heartbeats.</summary>
    public const int Stop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
