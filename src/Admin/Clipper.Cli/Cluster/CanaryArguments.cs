namespace Clipper.Cli.Cluster;

/// <summary><c>clipper canary</c>'s arguments, checked (<see cref="CanaryCommand.Read"/>).</summary>
/// <param name="Verb">What to do.</param>
/// <param name="App">The application.</param>
/// <param name="Model">The model (starting only).</param>
/// <param name="Version">The canary version (starting only).</param>
/// <param name="Percent">The first share (starting only).</param>
/// <param name="Step">How much the share grows each interval.</param>
/// <param name="Interval">How long each share must hold.</param>
/// <param name="MaxErrorRate">The largest error rate.</param>
/// <param name="MaxP99">The largest p99 latency; null for the application's latency objective.</param>
internal sealed record CanaryArguments(CanaryVerb Verb, string App, string? Model, string? Version, int Percent, int Step, TimeSpan Interval, double MaxErrorRate, TimeSpan? MaxP99);
