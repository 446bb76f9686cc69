namespace Clipper.ContainerManagers.Docker;

/// <summary>The labels on every container and network of a Docker cluster; compatible with Clipper's.</summary>
internal static class DockerLabels
{
    /// <summary>The cluster's name (Clipper's label).</summary>
    public const string Cluster = ClipperLabels.Cluster;

    /// <summary><c>name_version</c> on model containers (Clipper's label).</summary>
    public const string ModelContainer = ClipperLabels.ModelContainer;

    /// <summary>What a container is: redis, management, query, model (a replica) or model-spec (a version's recorded deployment, never started).</summary>
    public const string Role = ClipperLabels.Role;

    /// <summary>Host port of the query frontend's HTTP API.</summary>
    public const string QueryPort = "ai.clipper.query.port";

    /// <summary>Host port of the management API.</summary>
    public const string ManagementPort = "ai.clipper.management.port";

    /// <summary>Host port of the query frontend's RPC listener.</summary>
    public const string RpcPort = "ai.clipper.query.rpc_port";

    /// <summary>The Redis address as seen from the host.</summary>
    public const string RedisAddress = "ai.clipper.redis.address";

    /// <summary>The index of a query frontend (0 for the first) or of a model replica.</summary>
    public const string Index = "ai.clipper.index";

    /// <summary>On the management frontend: the cluster's recorded container settings (JSON).</summary>
    public const string Settings = "ai.clipper.settings";

    /// <summary>On a model version's spec container: what its replicas run (JSON).</summary>
    public const string Deployment = "ai.clipper.deployment";
}
