namespace Clipper.Cli.Cluster;

/// <summary>What <c>clipper canary</c> was asked to do.</summary>
internal enum CanaryVerb
{
    /// <summary>Start a canary (APP MODEL --version --percent ...).</summary>
    Start,

    /// <summary>Show the application's canary (<c>--status</c>).</summary>
    Status,

    /// <summary>Promote it by hand (<c>--promote</c>).</summary>
    Promote,

    /// <summary>Roll it back by hand (<c>--rollback</c>).</summary>
    RollBack,
}
