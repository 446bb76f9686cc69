using System.Globalization;
using System.Runtime.InteropServices;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// Checks before a run that the process may open a socket per connection. Past the limit, connects
/// fail one by one with "Too many open files" in the middle of a run; a clear refusal up front says
/// what to change instead.
/// </summary>
internal static class FileDescriptorLimit
{
    /// <summary>Descriptors the runtime and the tool need besides the connections (epoll, pipes, the probe, libraries).</summary>
    public const int Reserve = 64;

    private const int RlimitNofile = 7;

    /// <summary>
    /// The process's open-file limit (the soft one, which .NET raises to the hard limit at start-up on
    /// Linux), or null when it cannot be read (not Linux).
    /// </summary>
    public static long? Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return getrlimit(RlimitNofile, out RLimit limit) == 0 ? (long)Math.Min(limit.Current, long.MaxValue) : null;
    }

    /// <summary>Null when <paramref name="connections"/> fit under <paramref name="limit"/>; otherwise the one-line reason.</summary>
    public static string? Check(int connections, long? limit)
    {
        long needed = (long)connections + Reserve;
        if (limit is not { } available || needed <= available)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"--connections {connections} needs about {needed} open files (one per connection and {Reserve} for the runtime), but this process may open only {available} (ulimit -n); raise the limit, e.g. `ulimit -n 65536` in the shell that starts clipper-load, or use fewer connections");
    }

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
