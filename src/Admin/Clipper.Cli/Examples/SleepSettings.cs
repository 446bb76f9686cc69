namespace Clipper.Cli.Examples;

/// <summary>How long the <c>sleep</c> example takes per batch: <c>Fixed + PerItem × inputs</c>.</summary>
/// <param name="Fixed">The fixed time per batch.</param>
/// <param name="PerItem">The time per input.</param>
/// <param name="LogBatches">Print a line as each batch starts, so that a demo or a test sees a batch being held.</param>
internal sealed record SleepSettings(TimeSpan Fixed, TimeSpan PerItem, bool LogBatches = false);
