namespace Clipper.ContainerManagers;

/// <summary>The label keys every container manager puts on what it runs: Clipper's own, so its tools find them.</summary>
internal static class ClipperLabels
{
    /// <summary>The cluster's name (Clipper's label).</summary>
    public const string Cluster = "ai.clipper.container.label";

    /// <summary><c>name_version</c> on model replicas (Clipper's label).</summary>
    public const string ModelContainer = "ai.clipper.model_container.label";

    /// <summary>What a container or object is: redis, management, query, model...</summary>
    public const string Role = "ai.clipper.role";
}
