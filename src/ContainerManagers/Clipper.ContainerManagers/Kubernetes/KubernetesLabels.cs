namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>The labels on every object of a Kubernetes cluster; the keys are Clipper's.</summary>
internal static class KubernetesLabels
{
    /// <summary>The cluster's name (Clipper's label).</summary>
    public const string Cluster = "ai.clipper.container.label";

    /// <summary><c>name_version</c> on model Deployments and pods (Clipper's label).</summary>
    public const string ModelContainer = "ai.clipper.model_container.label";

    /// <summary>What an object is: redis, management, query, model or rbac.</summary>
    public const string Role = "ai.clipper.role";

    /// <summary>The labels of an object of <paramref name="cluster"/> with <paramref name="role"/>.</summary>
    public static Dictionary<string, string> Of(string cluster, string role) => new() { [Cluster] = cluster, [Role] = role };

    /// <summary>A label selector for the cluster's objects, of one role when it is given.</summary>
    public static string Selector(string cluster, string? role = null) => role is null ? $"{Cluster}={cluster}" : $"{Cluster}={cluster},{Role}={role}";
}
