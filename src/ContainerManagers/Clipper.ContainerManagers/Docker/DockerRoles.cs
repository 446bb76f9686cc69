namespace Clipper.ContainerManagers.Docker;

/// <summary>The values of <see cref="DockerLabels.Role"/>: what each container (or network, volume) of a cluster is.</summary>
internal static class DockerRoles
{
    public const string Redis = "redis";

    public const string Management = "management";

    public const string Query = "query";

    /// <summary>The cluster's Prometheus (<c>start --prometheus</c>).</summary>
    public const string Prometheus = "prometheus";

    /// <summary>A model replica.</summary>
    public const string Model = "model";

    /// <summary>A model version's recorded deployment: created, never started.</summary>
    public const string ModelSpec = "model-spec";

    public const string Network = "network";

    /// <summary>True for the containers that belong to model versions (replicas and specs).</summary>
    public static bool IsModel(string? role) => role is Model or ModelSpec;
}
