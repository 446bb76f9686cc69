namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// One version of one model: Clipper's <c>VersionedModelId</c>. The single identity of a model
/// version everywhere: in the RPC handshake, the configuration store, the query frontend's queues
/// and the container managers.
/// </summary>
/// <param name="Name">The model name (a DNS-1123 label, see <see cref="ModelNames"/>).</param>
/// <param name="Version">The version (a DNS-1123 label; Clipper versions are strings).</param>
public readonly record struct ModelVersionId(string Name, string Version)
{
    /// <summary>Clipper's serialized form, <c>name:version</c>, as <c>get_all_models</c> returns it.</summary>
    /// <returns>The name and version separated by a colon.</returns>
    public override string ToString() => Name + ":" + Version;

    /// <summary>
    /// Clipper's label form, <c>name_version</c>: the value of <c>ai.clipper.model_container.label</c>
    /// and the stem of container and process names.
    /// </summary>
    /// <returns>The name and version separated by an underscore.</returns>
    public string ToLabel() => Name + "_" + Version;

    /// <summary>Reads the form <see cref="ToLabel"/> writes (names and versions hold no '_').</summary>
    /// <param name="label">The text, e.g. a label's value.</param>
    /// <returns>The model version, or null when <paramref name="label"/> is not of that form.</returns>
    public static ModelVersionId? TryParseLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var separator = label.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && separator < label.Length - 1 && label.IndexOf('_', separator + 1) < 0
            ? new ModelVersionId(label[..separator], label[(separator + 1)..])
            : null;
    }
}
