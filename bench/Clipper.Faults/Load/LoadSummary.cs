namespace Clipper.Faults.Load;

/// <summary>The load's counts at one moment.</summary>
/// <param name="Sent">Queries that went out.</param>
/// <param name="Model">Answered by the model.</param>
/// <param name="Defaults">Answered with the default output.</param>
/// <param name="Errors">Answered with anything but a 200, or not at all because the connection failed.</param>
/// <param name="Hung">Not answered within the objective plus the margin.</param>
/// <param name="DefaultReasons">Defaults by the short name of their explanation, most frequent first.</param>
/// <param name="ErrorKinds">Errors by kind, most frequent first.</param>
/// <param name="P50Ms">Median latency of answers (model and default), in milliseconds.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="P999Ms">99.9th percentile.</param>
/// <param name="MaxMs">The slowest answer.</param>
internal sealed record LoadSummary(
    long Sent,
    long Model,
    long Defaults,
    long Errors,
    long Hung,
    IReadOnlyList<KeyValuePair<string, long>> DefaultReasons,
    IReadOnlyList<KeyValuePair<string, long>> ErrorKinds,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs)
{
    /// <summary>Queries that ended one way or another.</summary>
    public long Ended => Model + Defaults + Errors + Hung;
}
