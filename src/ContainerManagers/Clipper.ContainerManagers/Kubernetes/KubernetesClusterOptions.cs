using System.Text.RegularExpressions;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// How the Kubernetes manager runs a cluster. Credentials come from <see cref="KubeConfigPath"/> (else the
/// <c>KUBECONFIG</c> files merged as kubectl merges them, else <c>~/.kube/config</c>) with an optional
/// <see cref="Context"/>, or from the pod's service account when the process runs inside a cluster without a
/// configuration file. Only the
/// <c>apps/v1</c> and <c>v1</c> APIs are used, so any cluster from Kubernetes 1.9 on works.
/// </summary>
public sealed partial record KubernetesClusterOptions
{
    /// <summary>The cluster's name: every object is named <c>NAME-...</c> and labelled <c>ai.clipper.container.label=NAME</c>.</summary>
    public string ClusterName { get; init; } = "default-cluster";

    /// <summary>The namespace of every object.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Create <see cref="Namespace"/> at start when it does not exist.</summary>
    public bool CreateNamespace { get; init; }

    /// <summary>The kubeconfig file, read alone; null for the <c>KUBECONFIG</c> files merged, or <c>~/.kube/config</c>, or the in-cluster service account.</summary>
    public string? KubeConfigPath { get; init; }

    /// <summary>The kubeconfig context; null for its current context.</summary>
    public string? Context { get; init; }

    /// <summary>How the frontends' Services are exposed.</summary>
    public KubernetesServiceType ServiceType { get; init; } = KubernetesServiceType.NodePort;

    /// <summary>The image with the <c>clipper</c> command line that runs both frontends and the example models (it must be pullable by the nodes, or present on them).</summary>
    public string? ClipperImage { get; init; }

    /// <summary>A registry (<c>host[:port][/path]</c>) that model images built on this machine's Docker engine are pushed to, for nodes to pull; null to keep them on the engine (then import them into the nodes).</summary>
    public string? Registry { get; init; }

    /// <summary>The image of the Redis the manager runs (entry point <c>redis-server</c>).</summary>
    public string? RedisImage { get; init; }

    /// <summary>The image of the Prometheus a cluster started with <c>--prometheus</c> runs (entry point <c>prometheus</c>; <c>clipper images --prometheus</c> builds it).</summary>
    public string? PrometheusImage { get; init; }

    /// <summary>A storage class for a PersistentVolumeClaim that keeps Redis's append-only data across pod restarts; null keeps it in the pod.</summary>
    public string? RedisStorageClass { get; init; }

    /// <summary>Apply the Role and RoleBinding the manager needs (<see cref="KubernetesRole"/>) to this service account at start; null to apply none.</summary>
    public string? RoleForServiceAccount { get; init; }

    /// <summary>CPUs each model container requests and is limited to (e.g. 0.5); null for none.</summary>
    public double? Cpus { get; init; }

    /// <summary>Memory each model container requests and is limited to, in bytes; null for none.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Throws when a setting is invalid; the message names it, its value and what is expected.</summary>
    /// <exception cref="ContainerManagerException">A setting is invalid.</exception>
    public void Validate()
    {
        ClusterNames.Validate(ClusterName);
        Require(char.IsAsciiLetterLower(ClusterName[0]), $"Cluster name '{ClusterName}' must start with a letter on Kubernetes (Service names do).");
        Require(ClusterName.Length <= 40, $"Cluster name '{ClusterName}' is too long for Kubernetes objects; expected at most 40 characters (objects are named NAME-MODEL-VERSION).");
        Require(NamespacePattern().IsMatch(Namespace) && Namespace.Length <= 63, $"Namespace '{Namespace}' is invalid; expected a DNS label of at most 63 lower-case letters, digits and '-'.");
        Require(Cpus is null or >= 0.001, $"Cpus is {Cpus}; expected at least 0.001.");
        Require(MemoryBytes is null or >= 4 * 1024 * 1024, $"MemoryBytes is {MemoryBytes}; expected at least 4 MiB.");
    }

    private static void Require(bool valid, string message)
    {
        if (!valid)
        {
            throw new ContainerManagerException(message);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamespacePattern();
}
