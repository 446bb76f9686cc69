namespace Clipper.Plots.Input;

/// <summary>One measured run as a chart needs it: which curve it belongs to, where it sits on the x axis, what it measured.</summary>
internal sealed record ResultPoint
{
    /// <summary>The curve's name (<c>series</c>), e.g. <c>kestrel</c> or <c>frontend</c>.</summary>
    public required string Series { get; init; }

    /// <summary>The x value: the offered load (<c>rate</c>), or the number of replicas or frontends.</summary>
    public required double X { get; init; }

    /// <summary>Median latency in ms (<c>p50_ms</c>); NaN where the chart does not need it.</summary>
    public double P50Ms { get; init; } = double.NaN;

    /// <summary>99th-percentile latency in ms (<c>p99_ms</c>); NaN where the chart does not need it.</summary>
    public double P99Ms { get; init; } = double.NaN;

    /// <summary>Model answers per second (<c>ok / duration_s</c>); NaN where the chart does not need it.</summary>
    public double AnswersPerSecond { get; init; } = double.NaN;
}
