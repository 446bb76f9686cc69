namespace Clipper.ContainerManagers;

/// <summary>A model version: the unit that is deployed, scaled and stopped.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">The version.</param>
public readonly record struct ModelVersionKey(string Name, string Version)
{
    /// <summary>Clipper's label form, <c>name_version</c>.</summary>
    public override string ToString() => Name + "_" + Version;
}
