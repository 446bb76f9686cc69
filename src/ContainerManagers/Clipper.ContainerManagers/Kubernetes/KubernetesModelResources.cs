using System.Text.Json;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// The settings of model containers given at start (their resources, the cluster's log format), recorded as the management
/// Deployment's settings annotation so that later processes apply them too.
/// </summary>
/// <param name="Cpus">CPUs requested and limited; null for none.</param>
/// <param name="MemoryBytes">Memory requested and limited, in bytes; null for none.</param>
internal sealed record KubernetesModelResources(double? Cpus, long? MemoryBytes)
{
    /// <summary>The cluster's log format (<see cref="ClusterStartOptions.LogFormat"/>); text in the annotation of a cluster started before it.</summary>
    public LogFormat LogFormat { get; init; }

    public static KubernetesModelResources From(KubernetesClusterOptions options) => new(options.Cpus, options.MemoryBytes);

    public string ToAnnotation() => JsonSerializer.Serialize(this);

    /// <summary>The resources in an annotation; none when it is missing or unreadable.</summary>
    public static KubernetesModelResources FromAnnotation(string? annotation)
    {
        try
        {
            return string.IsNullOrEmpty(annotation) ? new(null, null) : JsonSerializer.Deserialize<KubernetesModelResources>(annotation) ?? new(null, null);
        }
        catch (JsonException)
        {
            return new(null, null);
        }
    }
}
