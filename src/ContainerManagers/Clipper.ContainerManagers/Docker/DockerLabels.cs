namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The labels on the containers and network of a Docker cluster. Clipper's admin tools find a cluster by the
/// first ten (their keys and values are Clipper's, on the containers Clipper put them on); the others are this
/// manager's own.
/// </summary>
internal static class DockerLabels
{
    /// <summary>The cluster's name, on every container (Clipper's label).</summary>
    public const string Cluster = ClipperLabels.Cluster;

    /// <summary><c>name_version</c> on model containers (Clipper's label).</summary>
    public const string ModelContainer = ClipperLabels.ModelContainer;

    /// <summary>An empty value on every query frontend (Clipper's label).</summary>
    public const string QueryFrontend = "ai.clipper.query_frontend.label";

    /// <summary>An empty value on the management frontend (Clipper's label).</summary>
    public const string ManagementFrontend = "ai.clipper.management_frontend.label";

    /// <summary>On a query frontend: the host port of its HTTP API (Clipper's label).</summary>
    public const string QueryPort = "ai.clipper.query_frontend.query.port";

    /// <summary>On a query frontend: the host port of its RPC listener (Clipper's label).</summary>
    public const string RpcPort = "ai.clipper.query_frontend.rpc.port";

    /// <summary>On the management frontend: the host port of the management API (Clipper's label).</summary>
    public const string ManagementPort = "ai.clipper.management.port";

    /// <summary>On the Redis container: its host port; on the management frontend instead, the port of a Redis given by address (Clipper's label).</summary>
    public const string RedisPort = "ai.clipper.redis.port";

    /// <summary>
    /// The host port where the cluster's metrics are read (Clipper's label): on the Prometheus container of a cluster started
    /// with <c>--prometheus</c>, its port, as Clipper did; otherwise on the first query frontend, where <c>GET /metrics</c> answers.
    /// </summary>
    public const string MetricPort = "ai.clipper.metric.port";

    /// <summary>The path of the cluster's metrics configuration (<see cref="MetricsConfigFile"/>; Clipper's label), beside <see cref="MetricPort"/>.</summary>
    public const string MetricConfig = "ai.clipper.metric.config";

    /// <summary>What a container is: redis, management, query, model (a replica) or model-spec (a version's recorded deployment, never started).</summary>
    public const string Role = ClipperLabels.Role;

    /// <summary>On the frontends: the Redis address as seen from the host.</summary>
    public const string RedisAddress = "ai.clipper.redis.address";

    /// <summary>On a query frontend other than the first: the host port of its HTTP API (the first carries Clipper's <see cref="QueryPort"/>).</summary>
    public const string FrontendHttpPort = "ai.clipper.frontend.http.port";

    /// <summary>The index of a query frontend (0 for the first) or of a model replica.</summary>
    public const string Index = "ai.clipper.index";

    /// <summary>On the management frontend: the cluster's recorded container settings (JSON).</summary>
    public const string Settings = "ai.clipper.settings";

    /// <summary>On a model version's spec container: what its replicas run (JSON).</summary>
    public const string Deployment = "ai.clipper.deployment";

    /// <summary>On the frontends of a cluster started with TLS (value <c>on</c>): they serve HTTPS, and replicas connect over TLS.</summary>
    public const string Tls = "ai.clipper.tls";

    /// <summary>
    /// On every query frontend of a cluster started with a gRPC port: the host port (on 127.0.0.1) of its Open Inference
    /// Protocol gRPC listener; absent when the cluster serves no gRPC.
    /// </summary>
    public const string GrpcPort = "ai.clipper.grpc.port";
}
