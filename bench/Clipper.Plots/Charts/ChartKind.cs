namespace Clipper.Plots.Charts;

/// <summary>The charts <c>clipper-plots</c> draws, named on its command line.</summary>
internal enum ChartKind
{
    /// <summary>p50 and p99 (log scale, ms) against the offered load, one pair of curves per series.</summary>
    Latency,

    /// <summary>Model answers per second against the number of replicas.</summary>
    Replicas,

    /// <summary>Model answers per second against the number of query frontends.</summary>
    Frontends,
}
