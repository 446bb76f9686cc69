namespace Clipper.Faults.Faults;

/// <summary>How long each phase of a fault run lasts, and the load it runs under.</summary>
internal sealed record FaultTiming
{
    /// <summary>Steady load before the fault. Default 2 s.</summary>
    public TimeSpan Before { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the fault lasts (a replica stopped, a partition, an overload) or how long faults recur. Default 10 s.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Load after the fault is healed, to see the cluster recover. Default 3 s.</summary>
    public TimeSpan After { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Queries per second. Default 200.</summary>
    public double Rate { get; init; } = 200;

    /// <summary>Past the objective plus this, a query counts as hung. Default 2 s.</summary>
    public TimeSpan HungMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Short phases for the tests: a few seconds of load around each fault.</summary>
    public static FaultTiming Short { get; } = new() { Before = TimeSpan.FromSeconds(1), Hold = TimeSpan.FromSeconds(5), After = TimeSpan.FromSeconds(2), Rate = 120 };
}
