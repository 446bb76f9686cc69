using System.Globalization;
using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Images;
using Clipper.ModelRpc.Protocol;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>The Deployments and Services of a cluster, built from plain values (no API calls).</summary>
internal static class KubernetesObjects
{
    public const int RedisPort = 6379;
    public const int ManagementPort = 1338;
    public const int QueryPort = 1337;
    public const int RpcPort = 7000;

    /// <summary>The query frontends' gRPC port (the Open Inference Protocol), in the pods and on the query Service, when the cluster serves gRPC.</summary>
    public const int GrpcPort = 8001;

    /// <summary>A Deployment of one container with a readiness probe, labelled for the cluster and <paramref name="role"/>.</summary>
    public static V1Deployment Deployment(string cluster, string name, string role, V1Container container, int replicas, IDictionary<string, string>? extraLabels = null, IList<V1Volume>? volumes = null)
    {
        var labels = KubernetesLabels.Of(cluster, role);
        if (extraLabels is not null)
        {
            foreach (var (key, value) in extraLabels)
            {
                labels[key] = value;
            }
        }

        // The pods' selector is the Deployment's name, so Deployments never adopt each other's pods.
        var selector = new Dictionary<string, string> { [KubernetesLabels.Deployment] = name };
        var podLabels = new Dictionary<string, string>(labels) { [KubernetesLabels.Deployment] = name };
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels },
                    Spec = new V1PodSpec { Containers = [container], Volumes = volumes, TerminationGracePeriodSeconds = 30 },
                },
            },
        };
    }

    /// <summary>A Service in front of a Deployment's pods.</summary>
    public static V1Service Service(string cluster, string name, string role, string deployment, string type, params (string Name, int Port)[] ports)
    {
        var servicePorts = new List<V1ServicePort>();
        foreach (var (portName, port) in ports)
        {
            servicePorts.Add(new V1ServicePort { Name = portName, Port = port, TargetPort = port, Protocol = "TCP" });
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = name, Labels = KubernetesLabels.Of(cluster, role) },
            Spec = new V1ServiceSpec { Type = type, Selector = new Dictionary<string, string> { [KubernetesLabels.Deployment] = deployment }, Ports = servicePorts },
        };
    }

    /// <summary>A container that runs <paramref name="image"/> with <paramref name="arguments"/> (null for its own command).</summary>
    public static V1Container Container(string name, string image, IList<string>? arguments, int? port, V1Probe? readiness, IDictionary<string, string>? environment = null)
    {
        var variables = new List<V1EnvVar>();
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                variables.Add(new V1EnvVar { Name = key, Value = value });
            }
        }

        return new V1Container
        {
            Name = name,
            Image = image,
            ImagePullPolicy = "IfNotPresent",
            Args = arguments,
            Env = variables,
            Ports = port is { } p ? [new V1ContainerPort { ContainerPort = p, Protocol = "TCP" }] : null,
            ReadinessProbe = readiness,
        };
    }

    /// <summary>
    /// Where clients reach <paramref name="port"/> of <paramref name="service"/>, as <c>host:port</c>: a node's address and the
    /// node port for NodePort, the load balancer's address for LoadBalancer, the cluster address for ClusterIP; null when
    /// it has none yet (or no node address is known).
    /// </summary>
    public static string? Endpoint(V1Service service, V1ServicePort port, string? nodeAddress) => service.Spec.Type switch
    {
        "NodePort" when nodeAddress is not null && port.NodePort is { } nodePort => nodeAddress + ":" + Text(nodePort),
        "LoadBalancer" when service.Status?.LoadBalancer?.Ingress is [var ingress, ..] => (ingress.Ip ?? ingress.Hostname) + ":" + Text(port.Port),
        "ClusterIP" when !string.IsNullOrEmpty(service.Spec.ClusterIP) => service.Spec.ClusterIP + ":" + Text(port.Port),
        _ => null,
    };

    /// <summary>A volume of some keys of a Secret, each a file named after its key, readable by its owner only (mode 400).</summary>
    public static V1Volume OwnerOnlySecretVolume(string name, string secretName, params string[] keys)
    {
        var items = new List<V1KeyToPath>(keys.Length);
        foreach (var key in keys)
        {
            items.Add(new V1KeyToPath { Key = key, Path = key });
        }

        return new V1Volume { Name = name, Secret = new V1SecretVolumeSource { SecretName = secretName, DefaultMode = 0b100_000_000, Items = items } };
    }

    public static V1Probe HttpProbe(string path, int port) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = 2,
        FailureThreshold = 3,
    };

    /// <summary>
    /// A frontend's probes: readiness on <c>GET /readyz</c> (see <see cref="HttpProbe"/>), liveness on <c>GET /healthz</c>, which
    /// answers while the process lives; it restarts a container only after half a minute without an answer (a hung process),
    /// never for Redis being away.
    /// </summary>
    public static void AddFrontendProbes(V1Container container, int port)
    {
        container.ReadinessProbe = HttpProbe(HealthProbes.ReadinessPath, port);
        container.LivenessProbe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = HealthProbes.LivenessPath, Port = port },
            InitialDelaySeconds = 10,
            PeriodSeconds = 10,
            TimeoutSeconds = 5,
            FailureThreshold = 3,
        };
    }

    public static V1Probe TcpProbe(int port) => new() { TcpSocket = new V1TCPSocketAction { Port = port }, PeriodSeconds = 2 };

    /// <summary>The readiness probe of the images the managers build: ready while the replica is connected to its frontend.</summary>
    /// <param name="command">The image's own check (<see cref="ModelArtifact.ReadinessCommand"/>); null for the .NET probe.</param>
    public static V1Probe ModelReadinessProbe(IReadOnlyList<string>? command = null) => new()
    {
        Exec = new V1ExecAction { Command = [.. command ?? ApplicationImage.ModelHealthCheck.Test.Skip(1)] },
        PeriodSeconds = 5,
        TimeoutSeconds = 10,
    };

    /// <summary>The resource NVIDIA's device plugin offers GPUs as; a pod asks for whole GPUs as a limit.</summary>
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>Limits the container to <paramref name="gpus"/> GPUs (<see cref="GpuResource"/>); nothing for 0.</summary>
    public static void AddGpus(V1Container container, int gpus)
    {
        if (gpus <= 0)
        {
            return;
        }

        container.Resources ??= new V1ResourceRequirements();
        container.Resources.Limits ??= new Dictionary<string, ResourceQuantity>();
        container.Resources.Limits[GpuResource] = new ResourceQuantity(gpus.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>CPU and memory, both requested and limited, when given.</summary>
    public static V1ResourceRequirements? Resources(double? cpus, long? memoryBytes)
    {
        if (cpus is null && memoryBytes is null)
        {
            return null;
        }

        var quantities = new Dictionary<string, ResourceQuantity>();
        if (cpus is { } c)
        {
            quantities["cpu"] = new ResourceQuantity(((long)Math.Ceiling(c * 1000)).ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (memoryBytes is { } m)
        {
            quantities["memory"] = new ResourceQuantity(m.ToString(CultureInfo.InvariantCulture));
        }

        return new V1ResourceRequirements { Requests = quantities, Limits = new Dictionary<string, ResourceQuantity>(quantities) };
    }

    /// <summary>
    /// The object name of a model version's Deployment: <c>CLUSTER-NAME-VERSION</c> cut to fit, then 8 hex digits of a
    /// hash of <c>NAME_VERSION</c>, so that two versions never share a name (<c>sum-a:1</c> and <c>sum:a-1</c>) and the name
    /// stays a valid label value (63 characters).
    /// </summary>
    public static string ModelDeploymentName(string cluster, ModelVersionId model)
    {
        var readable = $"{cluster}-{model.Name}-{model.Version}".Replace('.', '-');
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(model.ToLabel())))[..8];
        return readable[..Math.Min(readable.Length, 54)].TrimEnd('-') + "-" + hash;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
