using System.Runtime.InteropServices;

namespace Clipper.Cli.Examples;

/// <summary>
/// Blocks the calling thread for a duration with microsecond precision, the way a model that
/// computes holds its worker. <see cref="Task.Delay(TimeSpan)"/> and <see cref="Thread.Sleep(TimeSpan)"/>
/// work in whole milliseconds of a system timer: a 1.1 ms delay took about 3 ms under load, which
/// would make the <c>sleep</c> example a different model from the one its options describe.
/// </summary>
internal static class PreciseSleep
{
    /// <summary>Sleeps for <paramref name="duration"/> (no-op when zero or negative).</summary>
    public static void For(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // usleep takes at most a second on some systems: sleep in slices.
            long micros = (long)Math.Ceiling(duration.TotalMicroseconds);
            while (micros > 0)
            {
                uint slice = (uint)Math.Min(micros, 999_999);
                _ = usleep(slice);
                micros -= slice;
            }

            return;
        }

        Thread.Sleep(duration);
    }

    [DllImport("libc", ExactSpelling = true)]
    private static extern int usleep(uint microseconds);
}
