using System.Runtime.InteropServices;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// SIGTERM for a graceful stop: <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL,
/// which gives a model container no chance to drain or a frontend to say goodbye to its replicas.
/// </summary>
internal static class Signals
{
    private const int SigTerm = 15;

    /// <summary>Asks a process to stop; false when it is gone or the signal could not be sent.</summary>
    public static bool Terminate(int processId) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && kill(processId, SigTerm) == 0;

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
