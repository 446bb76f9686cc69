namespace Clipper.Faults.Cluster;

/// <summary>The configuration entries Redis holds: applications, model versions, and links (application → model).</summary>
/// <param name="Applications">Members of <c>apps</c>.</param>
/// <param name="Models">Members of <c>models</c>.</param>
/// <param name="Links">Members of every <c>links:APP</c>.</param>
internal sealed record ConfigurationCount(long Applications, long Models, long Links)
{
    /// <summary>Every entry.</summary>
    public long Total => Applications + Models + Links;

    /// <summary>How many entries of <paramref name="before"/> are missing now (never negative).</summary>
    public long LostSince(ConfigurationCount before) =>
        Math.Max(0, before.Applications - Applications) + Math.Max(0, before.Models - Models) + Math.Max(0, before.Links - Links);

    /// <inheritdoc />
    public override string ToString() => $"{Applications} apps, {Models} models, {Links} links";
}
