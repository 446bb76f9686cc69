namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>What one generated step does to a <see cref="DeadlineTimerHarness"/>.</summary>
internal enum TimerStepKind
{
    /// <summary>Schedules one item due <see cref="TimerStep.Value"/> ticks from now (zero or negative: already due).</summary>
    Schedule,

    /// <summary>Schedules <see cref="TimerStep.Count"/> items due within <see cref="TimerStep.Value"/> ms, answering every third at once.</summary>
    Burst,

    /// <summary>Answers a pending item (by its position, modulo the count), as a response would.</summary>
    Answer,

    /// <summary>Moves the clock <see cref="TimerStep.Value"/> ticks forward.</summary>
    Advance,
}
