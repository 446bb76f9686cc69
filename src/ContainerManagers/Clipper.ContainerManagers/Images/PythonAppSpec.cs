namespace Clipper.ContainerManagers.Images;

/// <summary>What a <see cref="PythonImage"/> holds besides the interpreter: packages, folders, entry point.</summary>
/// <param name="Tag">The image's tag, e.g. <c>mycluster-mymodel:1</c>.</param>
/// <param name="DebianPackages">Debian packages whose files the image holds, e.g. <c>python3-msgpack</c>; the Python packages they depend on are added.</param>
/// <param name="Folders">Folders of this machine and the absolute folder each becomes in the image.</param>
/// <param name="Entrypoint">The image's entry point, e.g. <c>/usr/bin/python3 -m clipper_rpc</c>.</param>
internal sealed record PythonAppSpec(
    string Tag,
    IReadOnlyCollection<string> DebianPackages,
    IReadOnlyList<KeyValuePair<string, string>> Folders,
    IReadOnlyList<string> Entrypoint)
{
    /// <summary>Environment variables of the image, e.g. <c>PYTHONPATH</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels of the image.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The working directory of the image's processes; null for <c>/</c>.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>True for a model container: <c>CLIPPER_READY_FILE</c> is set and the image's health check watches it.</summary>
    public bool Model { get; init; }
}
