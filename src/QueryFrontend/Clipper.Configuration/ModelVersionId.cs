namespace Clipper.Configuration;

/// <summary>Identifies one version of a model: Clipper's <c>VersionedModelId</c>.</summary>
/// <param name="Name">The model name (a DNS-1123 label).</param>
/// <param name="Version">The version (a DNS-1123 label; Clipper versions are strings).</param>
public readonly record struct ModelVersionId(string Name, string Version)
{
    /// <summary>Clipper's serialized form, <c>name:version</c>, as returned by <c>get_all_models</c>.</summary>
    /// <returns>The name and version separated by a colon.</returns>
    public override string ToString() => Name + ":" + Version;
}
