using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Query frontends scaled on a running Docker cluster: containers, labels and leases follow, replicas connect to each.</summary>
[Collection(DockerEngine.Collection)]
public sealed class DockerFrontendScaleTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ScaleFrontendsAsync_OneToTwoAndBack_ContainersLabelsAndLeasesFollow()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync();
        var connection = scope.Connection;
        await connection.DeployModelAsync("sum", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum"), replicas: 1).WaitAsync(s_timeout);
        await scope.RegisterAdderAsync("sum");

        var two = await connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        Assert.Equal([scope.Name + "-query", scope.Name + "-query-1"], two.Select(f => f.Id));
        Assert.Equal([$"{scope.Name}-query:7000", $"{scope.Name}-query-1:7000"], two.Select(f => f.RpcAddress));

        // Read back through the engine: the new container carries the manager's labels, not Clipper's query-frontend ones.
        var running = (await scope.ContainersAsync().WaitAsync(s_timeout)).Where(c => c.State == "running").ToDictionary(c => c.Names[0].TrimStart('/')[(scope.Name.Length + 1)..]);
        var added = running["query-1"].Labels;
        Assert.Equal("query", added["ai.clipper.role"]);
        Assert.Equal("1", added["ai.clipper.index"]);
        Assert.DoesNotContain("ai.clipper.query_frontend.label", added.Keys);
        var published = Assert.Single(running["query-1"].Ports, p => p.PrivatePort == 1337 && p.PublicPort != 0).PublicPort;
        Assert.Equal(published.ToString(System.Globalization.CultureInfo.InvariantCulture), added["ai.clipper.frontend.http.port"]);
        Assert.Equal(new Uri($"http://127.0.0.1:{published}"), two[1].HttpAddress);
        Assert.Equal("", running["query"].Labels["ai.clipper.query_frontend.label"]);
        Assert.Single(running.Values, c => c.Labels.ContainsKey("ai.clipper.query_frontend.label"));
        Assert.Contains($"- 127.0.0.1:{published}", await File.ReadAllTextAsync(running["query"].Labels["ai.clipper.metric.config"]), StringComparison.Ordinal);

        // The replica, started with the first frontend's address, connects to the new one and serves through it.
        await Eventually.TrueAsync(async () => (await connection.GetQueryFrontendsAsync()).All(f => f.Replicas.GetValueOrDefault("sum:1") == 1), s_timeout);
        await LocalClusterScope.AnswersAsync(two[1].HttpAddress, "[1, 2]", "3");
        Assert.Equal(2, (await scope.Manager.GetQueryFrontendsAsync()).Count);

        var one = await connection.ScaleFrontendsAsync(1).WaitAsync(s_timeout);
        Assert.Equal([scope.Name + "-query"], one.Select(f => f.Id));
        Assert.DoesNotContain(await scope.ContainersAsync().WaitAsync(s_timeout), c => c.Names[0] == $"/{scope.Name}-query-1");
        Assert.Equal([addresses.Query], await scope.Manager.GetQueryFrontendsAsync());
        await Eventually.TrueAsync(async () => (await connection.GetAllModelReplicasAsync(verbose: true)).GetArrayLength() == 1, s_timeout);
        await LocalClusterScope.AnswersAsync(addresses.Query, "[2, 2]", "4");

        var status = await CliRunner.OkAsync(scope.StateRoot, ["status", "--output", "json", .. scope.CliArguments]);
        using var json = JsonDocument.Parse(status);
        Assert.Equal(scope.Name + "-query", Assert.Single(json.RootElement.GetProperty("query_frontends").EnumerateArray()).GetProperty("id").GetString());
    }
}
