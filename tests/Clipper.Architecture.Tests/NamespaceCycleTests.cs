namespace Clipper.Architecture.Tests;

/// <summary>Feature folders are namespaces, and their references point one way inside every project.</summary>
public sealed class NamespaceCycleTests
{
    public static TheoryData<string> Projects =>
        [.. Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src"), "*.csproj", SearchOption.AllDirectories).Select(SourceTree.Relative).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Projects))]
    public void FeatureFolders_OfEachProject_HaveNoCycle(string project)
    {
        var graph = NamespaceGraph.Read(Path.Combine(SourceTree.Root, project));

        var cycle = graph.FindCycle();

        Assert.True(cycle is null, $"{project} has a namespace cycle: {cycle}");
    }

    [Fact]
    public void Projects_AreFound()
    {
        Assert.True(Projects.Count >= 6, $"only {Projects.Count} projects under src");
    }
}
