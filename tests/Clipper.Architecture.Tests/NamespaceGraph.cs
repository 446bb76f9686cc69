using System.Text.RegularExpressions;

namespace Clipper.Architecture.Tests;

/// <summary>
/// Which feature folders of one project refer to which, read from the source: every mention of a
/// sibling folder's namespace (a using directive or a qualified name) is an edge. A folder sees the
/// project's root namespace without naming it, so a folder that mentions a type declared at the root
/// depends on the root: a root file that mentions that folder then closes a cycle.
/// </summary>
internal sealed partial class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph(string project)
    {
        Project = project;
    }

    public string Project { get; }

    public const string Root = "(root)";

    public static NamespaceGraph Read(string projectFile)
    {
        var folder = Path.GetDirectoryName(projectFile)!;
        var rootNamespace = RootNamespaceOf(projectFile);
        var graph = new NamespaceGraph(SourceTree.Relative(projectFile));
        var mention = new Regex(Regex.Escape(rootNamespace) + @"\.([A-Z][A-Za-z0-9]*)\b");
        var sources = SourceTree.CSharpFiles(folder).ToDictionary(f => f, f => StripComments(File.ReadAllText(f)));
        var rootTypes = sources.Where(s => FolderOf(folder, s.Key) == Root)
            .SelectMany(s => TypeDeclarationPattern().Matches(s.Value).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var rootTypeMention = rootTypes.Count == 0 ? null : new Regex(@"\b(" + string.Join("|", rootTypes.Select(Regex.Escape)) + @")\b");
        foreach (var (file, source) in sources)
        {
            var from = FolderOf(folder, file);
            foreach (Match match in mention.Matches(source))
            {
                var to = match.Groups[1].Value;
                if (to != from && Directory.Exists(Path.Combine(folder, to)))
                {
                    graph.Add(from, to, SourceTree.Relative(file));
                }
            }

            if (from != Root && rootTypeMention?.Match(source) is { Success: true } used)
            {
                graph.Add(from, Root, $"{SourceTree.Relative(file)} uses {used.Value}");
            }
        }

        return graph;
    }

    /// <summary>A cycle as "A -> B -> A" with the file behind each edge, or null when there is none.</summary>
    public string? FindCycle()
    {
        var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(e => e.Keys)).Distinct().ToList();
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        foreach (var node in nodes)
        {
            if (Visit(node, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private string? Visit(string node, Dictionary<string, int> state, List<string> path)
    {
        if (state.GetValueOrDefault(node) == 2)
        {
            return null;
        }

        if (state.GetValueOrDefault(node) == 1)
        {
            var start = path.IndexOf(node);
            var cycle = path[start..].Append(node).ToList();
            return string.Join(", ", cycle.Zip(cycle.Skip(1), (a, b) => $"{a} -> {b} ({_edges[a][b]})"));
        }

        state[node] = 1;
        path.Add(node);
        foreach (var next in _edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
        {
            if (Visit(next, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[node] = 2;
        return null;
    }

    private void Add(string from, string to, string file)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        targets.TryAdd(to, file);
    }

    private static string FolderOf(string projectFolder, string file)
    {
        var relative = Path.GetRelativePath(projectFolder, file);
        var separator = relative.IndexOf(Path.DirectorySeparatorChar);
        return separator < 0 ? Root : relative[..separator];
    }

    private static string RootNamespaceOf(string projectFile)
    {
        var match = RootNamespacePattern().Match(File.ReadAllText(projectFile));
        return match.Success ? match.Groups[1].Value : Path.GetFileNameWithoutExtension(projectFile);
    }

    private static string StripComments(string source) => CommentPattern().Replace(source, "");

    [GeneratedRegex("<RootNamespace>([^<]+)</RootNamespace>")]
    private static partial Regex RootNamespacePattern();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z][A-Za-z0-9]*)")]
    private static partial Regex TypeDeclarationPattern();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();
}
