using CsCheck;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// Model-based property of the deadline timer: random schedules (single items, and bursts large enough to compact the
/// heap and to fire more than one buffer at a time), answers and clock advances, run by <see cref="DeadlineTimerHarness"/>.
/// </summary>
public sealed class DeadlineTimerPropertyTests
{
    private static readonly long s_millisecond = TimeSpan.TicksPerMillisecond;

    private static readonly Gen<TimerStep> s_step = Gen.Frequency(
        (5, Gen.Frequency(
                (4, Gen.Long[1, 40 * s_millisecond]),
                (1, Gen.Int[1, 40].Select(ms => ms * s_millisecond)),
                (1, Gen.Long[-5 * s_millisecond, 0]))
            .Select(ticks => new TimerStep(TimerStepKind.Schedule, ticks, 0))),
        (1, Gen.Select(Gen.Int[1, 400], Gen.Int[1, 400], (ms, count) => new TimerStep(TimerStepKind.Burst, ms, count))),
        (2, Gen.Long[0, 1_000].Select(i => new TimerStep(TimerStepKind.Answer, i, 0))),
        (5, Gen.Frequency(
                (2, Gen.Long[1, 2 * s_millisecond]),
                (3, Gen.Int[1, 20].Select(ms => ms * s_millisecond)),
                (1, Gen.Int[20, 300].Select(ms => ms * s_millisecond)))
            .Select(ticks => new TimerStep(TimerStepKind.Advance, ticks, 0))));

    // Disposed mid-script in about one run in six.
    private static readonly Gen<TimerScript> s_script = Gen.Select(s_step.Array[1, 50], Gen.Int[0, 300], (steps, disposeAfter) => new TimerScript(steps, disposeAfter));

    [Fact]
    public void Schedule_RandomSchedulesAnswersAndAdvances_FiresEachUnansweredItemOnceWithinAMillisecondOfItsDeadline()
    {
        s_script.Sample(
            script =>
            {
                using var harness = new DeadlineTimerHarness();
                harness.Run(script);
            },
            iter: PropertyRuns.Iter(300));
    }
}
