using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// Microsecond sleeps for the pacing thread. <see cref="Thread.Sleep(int)"/> and .NET timers only
/// know milliseconds (and overshoot by a millisecond or more), far too coarse to pace thousands of
/// requests per second; <c>usleep</c> with the thread's timer slack lowered wakes within ~50 µs.
/// </summary>
internal static class NativeSleep
{
    private const int PrSetTimerSlack = 29;
    private const nuint TimerSlackNanoseconds = 1_000;

    /// <summary>Lowers the calling thread's timer slack (Linux; 50 µs by default) so its sleeps end sooner.</summary>
    public static void ReduceTimerSlack()
    {
        if (OperatingSystem.IsLinux())
        {
            // Best effort: a failure only costs precision, which the send-delay figures show.
            _ = prctl(PrSetTimerSlack, TimerSlackNanoseconds, 0, 0, 0);
        }
    }

    /// <summary>Sleeps the calling thread for about <paramref name="stopwatchTicks"/>.</summary>
    public static void Sleep(long stopwatchTicks)
    {
        long micros = Math.Max(1, stopwatchTicks * 1_000_000 / Stopwatch.Frequency);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = usleep((uint)Math.Min(micros, 1_000_000));
        }
        else
        {
            Thread.Sleep((int)Math.Max(1, micros / 1000));
        }
    }

    [DllImport("libc", ExactSpelling = true)]
    private static extern int usleep(uint microseconds);

    [DllImport("libc", ExactSpelling = true)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
