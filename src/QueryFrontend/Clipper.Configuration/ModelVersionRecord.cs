using System.Collections.Immutable;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration;

/// <summary>A registered version of a model.</summary>
public sealed record ModelVersionRecord
{
    /// <summary>The batch size that means "adaptive": the frontend chooses the batch size.</summary>
    public const int AdaptiveBatchSize = -1;

    /// <summary>The prediction cache's size when registration gives none: 32 MiB, as Clipper's.</summary>
    public const long DefaultCacheBytes = 32L * 1024 * 1024;

    /// <summary>The largest prediction cache a version may have: 16 GiB.</summary>
    public const long MaxCacheBytes = 16L * 1024 * 1024 * 1024;

    /// <summary>The model name (a DNS-1123 label).</summary>
    public required string Name { get; init; }

    /// <summary>The version (a DNS-1123 label).</summary>
    public required string Version { get; init; }

    /// <summary>The type of the inputs the model takes.</summary>
    public required InputType InputType { get; init; }

    /// <summary>The maximum batch size, or <see cref="AdaptiveBatchSize"/> (-1) for adaptive batching.</summary>
    public int BatchSize { get; init; } = AdaptiveBatchSize;

    /// <summary>
    /// The bound, in bytes, of each frontend's prediction cache for this version (inputs and outputs kept); zero turns the
    /// cache off, for models whose answers are not a function of their input.
    /// </summary>
    public long CacheBytes { get; init; } = DefaultCacheBytes;

    /// <summary>Free-form labels given at registration.</summary>
    public ImmutableArray<string> Labels { get; init; } = [];

    /// <summary>The container image that serves the model (Clipper's <c>container_name</c>).</summary>
    public required string ContainerName { get; init; }

    /// <summary>Where the model's data came from (Clipper's <c>model_data_path</c>; informational).</summary>
    public string ModelDataPath { get; init; } = "";

    /// <summary>Whether this is the version queries are routed to. At most one version per model name is current.</summary>
    public bool IsCurrent { get; init; }

    /// <summary>The model's name and version.</summary>
    public ModelVersionId Id => new(Name, Version);
}
