namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>One generated operation on a deadline timer.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Value">Ticks (a deadline offset or a clock advance), milliseconds for a burst, or an item's index.</param>
/// <param name="Count">For a burst: how many items.</param>
internal readonly record struct TimerStep(TimerStepKind Kind, long Value, int Count)
{
    public override string ToString() => Kind switch
    {
        TimerStepKind.Schedule => $"Schedule(due in {Value / (double)TimeSpan.TicksPerMillisecond} ms)",
        TimerStepKind.Burst => $"Burst({Count} items within {Value} ms)",
        TimerStepKind.Answer => $"Answer(#{Value})",
        _ => $"Advance({Value / (double)TimeSpan.TicksPerMillisecond} ms)",
    };
}
