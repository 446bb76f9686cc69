using System.Globalization;
using Clipper.Configuration;

namespace Clipper.Admin.Canary;

/// <summary>The controller's rule for one running canary, as a pure function of the record, the measure and the time.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Percent">The share after a widening (the record's otherwise).</param>
/// <param name="Reason">Why, for logs and the record: the limit and the measured value, or the share that held.</param>
internal readonly record struct CanaryDecision(CanaryAction Action, int Percent, string Reason)
{
    /// <summary>
    /// A limit broken (with at least one answer) rolls back; otherwise, once the interval has passed since the share last
    /// changed and the share has answered at least once, the share widens by the step, or the version is promoted when that
    /// reaches 100 %. A step of 0 never widens.
    /// </summary>
    /// <param name="canary">The running canary.</param>
    /// <param name="measure">What the frontends measured of its current share.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision.</returns>
    public static CanaryDecision Decide(CanaryRecord canary, CanaryMeasure measure, DateTimeOffset now)
    {
        if (measure.Answered >= 1)
        {
            if (measure.ErrorRate > canary.MaxErrorRate)
            {
                return new(CanaryAction.RollBack, canary.Percent, string.Create(
                    CultureInfo.InvariantCulture,
                    $"error rate {measure.ErrorRate:0.####} ({measure.Failed} of {measure.Answered} queries answered by default) is above max_error_rate {canary.MaxErrorRate:0.####} at {canary.Percent}%"));
            }

            var maxP99Micros = (long)canary.MaxP99.TotalMicroseconds;
            if (measure.P99Micros > maxP99Micros)
            {
                return new(CanaryAction.RollBack, canary.Percent, string.Create(
                    CultureInfo.InvariantCulture,
                    $"p99 latency {measure.P99Micros} µs (of {measure.Answered} queries) is above max_p99 {maxP99Micros} µs at {canary.Percent}%"));
            }
        }

        if (canary.Step == 0 || measure.Answered < 1 || now - canary.StepAt < canary.Interval)
        {
            return new(CanaryAction.Hold, canary.Percent, "");
        }

        var held = string.Create(
            CultureInfo.InvariantCulture,
            $"{canary.Percent}% held for {(now - canary.StepAt).TotalSeconds:0.#} s: error rate {measure.ErrorRate:0.####} ({measure.Failed} of {measure.Answered}), p99 {measure.P99Micros} µs");
        var next = canary.Percent + canary.Step;
        return next >= 100
            ? new(CanaryAction.Promote, 100, held)
            : new(CanaryAction.Widen, next, held);
    }
}
