using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>The labels on every object of a Kubernetes cluster; the keys are Clipper's.</summary>
internal static class KubernetesLabels
{
    /// <summary>The cluster's name (Clipper's label).</summary>
    public const string Cluster = ClipperLabels.Cluster;

    /// <summary><c>name_version</c> on model Deployments and pods (Clipper's label).</summary>
    public const string ModelContainer = ClipperLabels.ModelContainer;

    /// <summary>The model's name, on model Deployments and pods (a DNS label, so always a valid label value).</summary>
    public const string Model = "ai.clipper.model";

    /// <summary>The model's version, on model Deployments and pods.</summary>
    public const string Version = "ai.clipper.version";

    /// <summary>On pods: the Deployment they belong to (its selector), so Deployments never adopt each other's pods.</summary>
    public const string Deployment = "ai.clipper.deployment";

    /// <summary>What an object is: redis, management, query, model or rbac.</summary>
    public const string Role = ClipperLabels.Role;

    /// <summary>The labels of an object of <paramref name="cluster"/> with <paramref name="role"/>.</summary>
    public static Dictionary<string, string> Of(string cluster, string role) => new() { [Cluster] = cluster, [Role] = role };

    /// <summary>The labels that say which model version a Deployment or pod serves; Clipper's <c>name_version</c> label too when it fits a label value (63 characters).</summary>
    public static Dictionary<string, string> OfModel(ModelVersionId model)
    {
        var labels = new Dictionary<string, string> { [Model] = model.Name, [Version] = model.Version };
        if (model.ToLabel().Length <= 63)
        {
            labels[ModelContainer] = model.ToLabel();
        }

        return labels;
    }

    /// <summary>A selector for the pods and Deployments of one model version of the cluster.</summary>
    public static string SelectorOf(string cluster, ModelVersionId model) => $"{Selector(cluster, "model")},{Model}={model.Name},{Version}={model.Version}";

    /// <summary>A label selector for the cluster's objects, of one role when it is given.</summary>
    public static string Selector(string cluster, string? role = null) => role is null ? $"{Cluster}={cluster}" : $"{Cluster}={cluster},{Role}={role}";
}
