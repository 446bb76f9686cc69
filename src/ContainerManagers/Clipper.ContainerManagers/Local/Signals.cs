using System.Runtime.InteropServices;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// SIGTERM for a graceful stop: <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL,
/// which gives a model container no chance to drain or a frontend to say goodbye to its replicas.
/// </summary>
internal static class Signals
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Asks a process to stop; false when it is gone or the signal could not be sent.</summary>
    public static bool Terminate(int processId) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && kill(processId, SigTerm) == 0;

    /// <summary>Asks every process of a process group to stop (the group of a child started with <c>setsid</c> has the child's pid).</summary>
    public static bool TerminateGroup(int processGroup) => Send(-processGroup, SigTerm);

    /// <summary>Ends every process of a process group at once.</summary>
    public static bool KillGroup(int processGroup) => Send(-processGroup, SigKill);

    /// <summary>True while some process of the group runs.</summary>
    public static bool GroupExists(int processGroup) => Send(-processGroup, 0);

    private static bool Send(int target, int signal) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && kill(target, signal) == 0;

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
