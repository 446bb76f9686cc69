namespace Clipper.Faults.Load;

/// <summary>One query: when it was due (ms since the load started), how long its answer took, how it ended and why.</summary>
/// <param name="DueMs">The intended send time, in milliseconds since the load started (the open loop's schedule).</param>
/// <param name="LatencyMs">From the intended send time to the end of the answer (or to giving up, for a hung query).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">For a default, the explanation's short name; for an error, its kind; else empty.</param>
/// <param name="Status">The HTTP status, 0 without one.</param>
/// <param name="SendDelayMs">How late the request actually went out (the client's own delay: its pacer and thread pool on a busy machine).</param>
internal readonly record struct QueryRecord(double DueMs, double LatencyMs, Outcome Outcome, string Reason, int Status, double SendDelayMs = 0)
{
    /// <summary>From the moment the request went out to its answer: what the frontend's objective bounds.</summary>
    public double ServiceMs => LatencyMs - SendDelayMs;
}
