namespace Clipper.Cli.Examples;

/// <summary>How long the <c>sleep</c> example takes per batch: <c>Fixed + PerItem × inputs</c>.</summary>
internal sealed record SleepSettings(TimeSpan Fixed, TimeSpan PerItem);
