using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// The query frontends' pods: each announces its pod IP (the downward API's <c>status.podIP</c>) as the host
/// model pods reach its RPC port at, and its pod name as its id. The RPC Service stays the model pods'
/// bootstrap address; from the frontend it reaches they learn every other one. A cluster started with a gRPC port
/// serves the Open Inference Protocol's gRPC service on <see cref="KubernetesObjects.GrpcPort"/> of every pod, behind
/// the query Service's port <c>grpc</c>.
/// </summary>
internal static class KubernetesFrontend
{
    /// <summary>
    /// How long a stopping frontend keeps serving, not ready, before it closes its listeners: Kubernetes 1.20 has no
    /// native pre-stop sleep, and the Services' endpoints need a moment to drop a terminating pod everywhere.
    /// </summary>
    public static readonly TimeSpan ShutdownDelay = TimeSpan.FromSeconds(5);

    /// <summary>How long the frontend itself may drain (its <c>DrainTimeout</c>).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The pod's grace period: the delay, the drain, and a margin before the kubelet kills it.</summary>
    public static long TerminationGracePeriodSeconds => (long)(ShutdownDelay + DrainTimeout).TotalSeconds + 5;

    /// <summary>The name of the query Service's gRPC port.</summary>
    public const string GrpcPortName = "grpc";

    /// <summary>
    /// The <c>appProtocol</c> of the query Service's gRPC port without TLS: HTTP/2 over cleartext (prior knowledge), so
    /// that proxies and meshes in front of it do not speak HTTP/1.1 to it.
    /// </summary>
    public const string H2cAppProtocol = "kubernetes.io/h2c";

    /// <summary>The frontend container of the query Deployment, with its pod's IP and name from the downward API.</summary>
    /// <param name="clipperImage">The image of the <c>clipper</c> command line.</param>
    /// <param name="redis">The Redis address the frontend reads its configuration from.</param>
    /// <param name="grpc">Whether it serves the Open Inference Protocol's gRPC service on <see cref="KubernetesObjects.GrpcPort"/>.</param>
    public static V1Container Container(string clipperImage, string redis, bool grpc = false)
    {
        var container = KubernetesObjects.Container(
            "query",
            clipperImage,
            [
                "query-frontend", "--redis", redis, "--http-port", Port(KubernetesObjects.QueryPort), "--rpc-port", Port(KubernetesObjects.RpcPort),
                "--advertise-host", "$(POD_IP)", "--frontend-id", "$(POD_NAME)", "--shutdown-delay-ms", Port((int)ShutdownDelay.TotalMilliseconds),

                // Clipper's containers carry no join token: they are accepted from the pod network the frontend is on.
                "--clipper-networks", "attached",
            ],
            KubernetesObjects.QueryPort,
            null);
        KubernetesObjects.AddFrontendProbes(container, KubernetesObjects.QueryPort);
        container.ReadinessProbe.PeriodSeconds = 1;
        container.ReadinessProbe.FailureThreshold = 1;
        if (grpc)
        {
            container.Args.Add("--grpc-port");
            container.Args.Add(Port(KubernetesObjects.GrpcPort));
            container.Ports.Add(new V1ContainerPort { Name = GrpcPortName, ContainerPort = KubernetesObjects.GrpcPort, Protocol = "TCP" });
        }

        container.Env =
        [
            new V1EnvVar { Name = "POD_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } },
            new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
        ];
        return container;
    }

    /// <summary>
    /// Adds the port <see cref="GrpcPortName"/> (<see cref="KubernetesObjects.GrpcPort"/>) to the query Service when
    /// <paramref name="grpc"/>; its <c>appProtocol</c> says h2c without TLS (with TLS, ALPN tells HTTP/2 apart).
    /// </summary>
    /// <returns>The same Service.</returns>
    public static V1Service WithGrpc(V1Service service, bool grpc, bool tls)
    {
        if (grpc)
        {
            service.Spec.Ports.Add(new V1ServicePort
            {
                Name = GrpcPortName,
                Port = KubernetesObjects.GrpcPort,
                TargetPort = KubernetesObjects.GrpcPort,
                Protocol = "TCP",
                AppProtocol = tls ? null : H2cAppProtocol,
            });
        }

        return service;
    }

    /// <summary>
    /// The gRPC address (<c>host:port</c>) of the query Service: a node's address and the node port for NodePort, the load
    /// balancer's for LoadBalancer, the cluster address for ClusterIP; null when it has no gRPC port or no address yet.
    /// </summary>
    /// <param name="service">The query Service.</param>
    /// <param name="nodeAddress">The address of a node that runs a query pod; null when none is known.</param>
    public static string? GrpcAddress(V1Service service, string? nodeAddress) =>
        service.Spec.Ports?.FirstOrDefault(p => p.Name == GrpcPortName) is { } port ? KubernetesObjects.Endpoint(service, port, nodeAddress) : null;

    private static string Port(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
