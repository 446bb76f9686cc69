namespace Clipper.Faults.Soak;

/// <summary>A soak: how long, how hard, and how often replicas and Redis are killed.</summary>
internal sealed record SoakSettings
{
    /// <summary>How long the load runs. Default 60 minutes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Queries per second; 0 (the default) measures the saturating rate first and takes half of it.</summary>
    public double Rate { get; init; }

    /// <summary>A replica is killed (SIGKILL) and restarted this often. Default every minute.</summary>
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Redis (with AOF) is killed and restarted this often (half-way through a shorter run). Default every 10 minutes.</summary>
    public TimeSpan RedisEvery { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Every process's resources are sampled this often. Default every 10 s.</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the samples go (CSV); none when null.</summary>
    public string? CsvPath { get; init; }
}
