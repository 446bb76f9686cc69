namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// Runs a cluster on Kubernetes through <c>apps/v1</c> and <c>v1</c> only: Redis (unless an address is given;
/// with a PersistentVolumeClaim when a storage class is), the management and the query frontend as
/// Deployments with Services (the frontends' of <see cref="KubernetesClusterOptions.ServiceType"/>, an RPC
/// Service that model pods connect to), and one Deployment per model version, scaled through its scale
/// subresource. Every object is labelled with the cluster's name, which is how any process finds it again.
/// </summary>
public sealed partial class KubernetesContainerManager : IContainerManager
{
    private static readonly TimeSpan s_frontendScaleTimeout = TimeSpan.FromMinutes(2);

    private readonly KubernetesClusterOptions _options;

    /// <summary>A manager for the cluster <paramref name="options"/> names.</summary>
    /// <exception cref="ContainerManagerException">An option is invalid.</exception>
    public KubernetesContainerManager(KubernetesClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string ClusterName => _options.ClusterName;

    /// <inheritdoc />
    public string Kind => "kubernetes";

    /// <summary>Receives one line per slow step; null for none.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <inheritdoc />
    public async Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.PrometheusPort != 0)
        {
            throw new ContainerManagerException("PrometheusPort (--prometheus-port) applies to --manager local and docker: on Kubernetes, Prometheus answers on port 9090 of the ClusterIP Service NAME-prometheus, inside the cluster only (`kubectl port-forward svc/NAME-prometheus 9090` brings it here).");
        }

        if (options.GrpcPort is { } grpcPort and not 0)
        {
            throw new ContainerManagerException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"GrpcPort (--grpc-port) is {grpcPort}; on Kubernetes the query frontends serve gRPC on port {KubernetesObjects.GrpcPort} of the query Service {ClusterName}-query (port `grpc`; with --service-type NodePort, on a node port Kubernetes chooses): give 0."));
        }

        if (options.Prometheus && _options.PrometheusImage is null)
        {
            throw new ContainerManagerException("A Kubernetes cluster started with --prometheus needs PrometheusImage (--prometheus-image): build it from this machine's prometheus with `clipper images --prometheus`, then import it into the nodes or push it with --registry, like --clipper-image.");
        }

        var serverName = KubernetesCluster.TlsServerName(ClusterName, _options.Namespace);
        var tls = ContainerTls.Load(options, Kind, (serverName, $", and a Kubernetes cluster's model pods check the frontends' certificate for the DNS name of its RPC Service, {serverName}"));
        var clipperImage = _options.ClipperImage
            ?? throw new ContainerManagerException("A Kubernetes cluster needs ClipperImage (--clipper-image): an image of the clipper command line that the nodes can pull or have.");
        return await RunAsync(cluster => cluster.StartAsync(options, tls, clipperImage, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ClusterAddresses> ConnectAsync(CancellationToken cancellationToken = default) =>
        await RunAsync(async cluster => await cluster.FindAsync(cancellationToken).ConfigureAwait(false) ?? throw cluster.NotRunning()).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// The query Service's address, which spreads clients over every frontend pod; the pods' own addresses (reachable
    /// inside the cluster) are in their announcements (<c>POST /admin/get_query_frontends</c>).
    /// </remarks>
    public async Task<IReadOnlyList<Uri>> GetQueryFrontendsAsync(CancellationToken cancellationToken = default) =>
        [(await ConnectAsync(cancellationToken).ConfigureAwait(false)).Query];

    /// <inheritdoc />
    /// <remarks>
    /// Sets the replicas of the query Deployment and waits (2 minutes at most) until that many pods run and are ready,
    /// and the removed ones are gone: each stops answering ready, serves on for a few seconds while the Services'
    /// endpoints drop it, then drains.
    /// </remarks>
    public async Task<IReadOnlyList<string>> SetQueryFrontendCountAsync(int count, CancellationToken cancellationToken = default)
    {
        QueryFrontendCount.Validate(count);
        return await RunAsync(cluster => cluster.SetFrontendCountAsync(count, s_frontendScaleTimeout, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Every object with the cluster's label goes: Deployments, Services, the Redis claim, the Role. Pods end with their Deployments.</remarks>
    public async Task StopAllAsync(bool graceful = true, CancellationToken cancellationToken = default) =>
        await RunAsync(cluster => cluster.StopAsync(graceful, cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetLogTailAsync(string id, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await RunAsync(cluster => cluster.TailAsync(id, lines, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CollectLogsAsync(string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        return await RunAsync(cluster => cluster.CollectLogsAsync(directory, cancellationToken)).ConfigureAwait(false);
    }
}
