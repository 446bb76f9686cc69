namespace Clipper.ContainerManagers;

/// <summary>A model version: the unit that is deployed, scaled and stopped.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">The version.</param>
public readonly record struct ModelVersionKey(string Name, string Version)
{
    /// <summary>Clipper's label form, <c>name_version</c>.</summary>
    public override string ToString() => Name + "_" + Version;

    /// <summary>The key <see cref="ToString"/> wrote (<c>name_version</c>; names have no '_'); null when <paramref name="text"/> is not one.</summary>
    /// <param name="text">The text, e.g. a label's value.</param>
    /// <returns>The key, or null.</returns>
    public static ModelVersionKey? TryParse(string text)
    {
        var separator = text.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && separator < text.Length - 1 ? new ModelVersionKey(text[..separator], text[(separator + 1)..]) : null;
    }
}
