namespace Clipper.Architecture.Tests;

/// <summary>The repository's source files, found from the test's output folder.</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    /// <summary>The C# files below <paramref name="folder"/>, without build output.</summary>
    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>A path relative to the repository root, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clipper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Clipper.sln above {AppContext.BaseDirectory}.");
    }
}
