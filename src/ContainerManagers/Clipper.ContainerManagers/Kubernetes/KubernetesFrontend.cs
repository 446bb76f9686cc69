using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// The query frontends' pods: each announces its pod IP (the downward API's <c>status.podIP</c>) as the host
/// model pods reach its RPC port at, and its pod name as its id. The RPC Service stays the model pods'
/// bootstrap address; from the frontend it reaches they learn every other one.
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

    /// <summary>The frontend container of the query Deployment, with its pod's IP and name from the downward API.</summary>
    public static V1Container Container(string clipperImage, string redis)
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
        container.Env =
        [
            new V1EnvVar { Name = "POD_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } },
            new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
        ];
        return container;
    }

    private static string Port(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
