namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>A generated run of a deadline timer: the steps, and the step after which the timer is disposed.</summary>
internal sealed record TimerScript(TimerStep[] Steps, int DisposeAfter)
{
    public override string ToString() =>
        $"dispose after step {DisposeAfter}:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Steps.Select((s, i) => $"{i}: {s}"));
}
