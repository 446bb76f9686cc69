using Clipper.Admin.Connection;
using Clipper.Admin.Monitoring;

namespace Clipper.Cli.Top;

/// <summary>One reading of the cluster for <c>clipper top</c>: every live query frontend with its counters, and when it was taken.</summary>
/// <param name="At">When the frontends were read.</param>
/// <param name="Frontends">The live query frontends.</param>
/// <param name="Apps">The apps' counters summed over the frontends.</param>
internal sealed record TopSnapshot(DateTimeOffset At, IReadOnlyList<QueryFrontendInfo> Frontends, IReadOnlyDictionary<string, AppCounters> Apps)
{
    /// <summary>The snapshot of <paramref name="frontends"/> read at <paramref name="at"/>.</summary>
    public static TopSnapshot Of(DateTimeOffset at, IReadOnlyList<QueryFrontendInfo> frontends) =>
        new(at, frontends, AppCountersJson.Sum(frontends.Select(frontend => frontend.Apps)));

    /// <summary>Each app's rates since <paramref name="before"/>, by app name (apps seen now; new ones count from zero).</summary>
    public IReadOnlyList<AppRates> RatesSince(TopSnapshot before) =>
        [.. Apps.Select(app => AppRates.Between(app.Key, before.Apps.GetValueOrDefault(app.Key) ?? AppCounters.Empty, app.Value, At - before.At))];
}
