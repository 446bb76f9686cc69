namespace Clipper.QueryFrontend.Routing;

/// <summary>Identifies one version of one model.</summary>
internal readonly record struct ModelVersionKey(string Name, string Version)
{
    /// <inheritdoc />
    public override string ToString() => Name + ":" + Version;
}
