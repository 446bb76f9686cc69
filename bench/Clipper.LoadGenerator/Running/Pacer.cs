using System.Diagnostics;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// Blocks the pacing thread until a send time with sub-millisecond precision without occupying a
/// core: .NET timers fire in steps of a millisecond or more, so it sleeps natively for the time left
/// minus the measured oversleep, then yields the CPU for the last few microseconds. Yield-spinning is
/// capped at a tenth of the send interval (and 50 µs), so it never costs more than about 10 % of a core;
/// at high rates the pacer wakes a little late instead and the sends that are due go out together.
/// </summary>
internal sealed class Pacer
{
    private static readonly long s_maxSleepTicks = Stopwatch.Frequency / 100;
    private static readonly long s_maxOvershootTicks = Stopwatch.Frequency / 500;

    // Shorter sleeps return almost at once with a low timer slack, which would turn the pacer into a
    // busy loop of system calls at high rates; past this it oversleeps a little and sends in batches.
    private static readonly long s_minSleepTicks = Stopwatch.Frequency / 20_000;

    private readonly long _spinTicks;
    private long _overshootTicks;

    public Pacer(double intervalTicks)
    {
        NativeSleep.ReduceTimerSlack();
        _spinTicks = (long)Math.Min(intervalTicks / 10, Stopwatch.Frequency * 50e-6);

        // A first guess; every sleep refines it.
        _overshootTicks = (long)(Stopwatch.Frequency * 60e-6);
    }

    /// <summary>Returns at or just after <paramref name="due"/>, or early when the run is aborted.</summary>
    public void WaitUntil(long due, MeasurementWindow window)
    {
        while (!window.Aborted)
        {
            long now = Stopwatch.GetTimestamp();
            long remaining = due - now;
            if (remaining <= 0)
            {
                return;
            }

            if (remaining <= _spinTicks)
            {
                Thread.Yield();
                continue;
            }

            // Sleeps are capped so an abort is noticed even at very low rates.
            long sleep = Math.Clamp(remaining - _overshootTicks, s_minSleepTicks, s_maxSleepTicks);
            NativeSleep.Sleep(sleep);
            long overshoot = Stopwatch.GetTimestamp() - now - sleep;
            _overshootTicks = Math.Clamp(_overshootTicks + ((overshoot - _overshootTicks) / 8), 0, s_maxOvershootTicks);
        }
    }
}
