namespace Clipper.Integration.Tests.Admin;

/// <summary><c>clipper quickstart</c>, as a new user runs it.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_RunTwice_StartsAnAnsweringClusterOfTwoReplicasThenReusesIt()
    {
        await using var scope = new LocalClusterScope();

        var (exitCode, stdout, stderr) = await CliRunner.RunAsync(scope.StateRoot, "quickstart", "--cluster", scope.Name);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("-> {\"query_id\":", stdout, StringComparison.Ordinal);
        Assert.Contains("\"output\":6,\"default\":false", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"default\":true", stdout, StringComparison.Ordinal);
        Assert.Contains("curl -X POST http://127.0.0.1:", stdout, StringComparison.Ordinal);
        Assert.Equal(2, await scope.Manager.GetReplicaCountAsync(new("sum", "1")));

        // A second run reuses the running cluster.
        var again = await CliRunner.RunAsync(scope.StateRoot, "quickstart", "--cluster", scope.Name);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("using the running cluster", again.Stdout, StringComparison.Ordinal);
    }
}
