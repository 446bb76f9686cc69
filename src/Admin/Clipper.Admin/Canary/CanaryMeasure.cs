using Clipper.Configuration;

namespace Clipper.Admin.Canary;

/// <summary>
/// What the live frontends measured of a canary's current share: the sums of their windows that started at or after
/// the canary's <see cref="CanaryRecord.StepAt"/> (windows of an earlier share measured another percentage), and the
/// largest of their p99 latencies (a p99 cannot be summed; the worst frontend is the one a limit must hold for).
/// </summary>
/// <param name="Answered">Queries answered.</param>
/// <param name="Failed">Of those, answered with the default output.</param>
/// <param name="P99Micros">The largest p99 latency of the windows, in microseconds.</param>
internal readonly record struct CanaryMeasure(long Answered, long Failed, long P99Micros)
{
    /// <summary>Failed over answered; 0 before any answer.</summary>
    public double ErrorRate => Answered > 0 ? (double)Failed / Answered : 0;

    /// <summary>Sums the windows of the current share.</summary>
    /// <param name="windows">The live windows of the application.</param>
    /// <param name="stepAt">When the share last changed.</param>
    /// <returns>The measure.</returns>
    public static CanaryMeasure Sum(IReadOnlyList<CanaryWindow> windows, DateTimeOffset stepAt)
    {
        long answered = 0, failed = 0, p99 = 0;
        foreach (var window in windows)
        {
            if (window.Since >= stepAt)
            {
                answered += window.Answered;
                failed += window.Failed;
                p99 = Math.Max(p99, window.P99Micros);
            }
        }

        return new(answered, failed, p99);
    }
}
