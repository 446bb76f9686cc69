using System.Text.Json;

namespace Clipper.ContainerManagers.Prometheus;

/// <summary>
/// A file_sd targets file (Prometheus's JSON form: <c>[{"targets": [...], "labels": {...}}]</c>), rewritten whole by
/// the manager whenever the frontends change; Prometheus notices the change and scrapes the new list.
/// </summary>
internal static class PrometheusTargetsFile
{
    /// <summary>The file's JSON: one group with <paramref name="targets"/> (<c>host:port</c>) and a <c>frontend</c> label per target when <paramref name="names"/> is given.</summary>
    /// <param name="targets">The targets, <c>host:port</c>.</param>
    /// <param name="names">The frontend id of each target, in the same order, as its <c>frontend</c> label; null for none.</param>
    public static string Render(IReadOnlyList<string> targets, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != targets.Count)
        {
            throw new ArgumentException($"Expected one name per target: {targets.Count} targets, {names.Count} names.", nameof(names));
        }

        var groups = new List<Dictionary<string, object>>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var group = new Dictionary<string, object> { ["targets"] = new[] { targets[i] } };
            if (names is not null)
            {
                group["labels"] = new Dictionary<string, string> { ["frontend"] = names[i] };
            }

            groups.Add(group);
        }

        return JsonSerializer.Serialize(groups);
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/>, replacing it whole.</summary>
    public static void Write(string path, IReadOnlyList<string> targets, IReadOnlyList<string>? names = null) => AtomicFile.Write(path, Render(targets, names));
}
