namespace Clipper.Admin.Monitoring;

/// <summary>
/// One app's counters since its query frontends started (cumulative; summed over frontends by <see cref="Add"/>): queries
/// answered by the model, queries answered with the default output by reason, requests refused by HTTP status, and the
/// latency of every answer.
/// </summary>
/// <param name="AnsweredByModel">Queries the model answered.</param>
/// <param name="Defaults">Queries answered with the default output, by reason (<c>objective_missed</c>, ...).</param>
/// <param name="Refused">Requests refused, by HTTP status code (<c>400</c>, <c>503</c>, ...).</param>
/// <param name="Latency">Request latency.</param>
public sealed record AppCounters(long AnsweredByModel, IReadOnlyDictionary<string, long> Defaults, IReadOnlyDictionary<string, long> Refused, LatencyHistogram Latency)
{
    /// <summary>No query yet.</summary>
    public static AppCounters Empty { get; } = new(0, new Dictionary<string, long>(), new Dictionary<string, long>(), LatencyHistogram.Empty);

    /// <summary>Queries answered with the default output, whatever the reason.</summary>
    public long DefaultCount => Defaults.Values.Sum();

    /// <summary>Requests refused, whatever the status.</summary>
    public long RefusedCount => Refused.Values.Sum();

    /// <summary>These counters plus <paramref name="other"/>'s (another frontend's).</summary>
    /// <param name="other">The counters to add.</param>
    /// <returns>The sum.</returns>
    public AppCounters Add(AppCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new AppCounters(AnsweredByModel + other.AnsweredByModel, Merge(Defaults, other.Defaults), Merge(Refused, other.Refused), Latency.Add(other.Latency));
    }

    private static SortedDictionary<string, long> Merge(IReadOnlyDictionary<string, long> left, IReadOnlyDictionary<string, long> right)
    {
        var sum = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in left)
        {
            sum[key] = value;
        }

        foreach (var (key, value) in right)
        {
            sum[key] = sum.GetValueOrDefault(key) + value;
        }

        return sum;
    }
}
