using System.Globalization;
using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// The labels Clipper's admin tools find a Docker cluster by, read back through the engine's API: their keys are
/// written out here as Clipper's source spells them, not taken from the manager's constants.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerLabelTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task StartClusterAsync_TwoFrontendsAndAModel_LabelsEveryContainerWithItsPortsAndMetrics()
    {
        await using var scope = new DockerClusterScope(frontends: 2);
        var addresses = await scope.StartAsync();
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum"), replicas: 1).WaitAsync(s_timeout);
        var running = (await scope.ContainersAsync().WaitAsync(s_timeout)).Where(c => c.State == "running").ToDictionary(c => c.Names[0].TrimStart('/')[(scope.Name.Length + 1)..]);
        Assert.Equal(["management", "query", "query-1", "redis", "sum_1-0"], running.Keys.Order(StringComparer.Ordinal));
        Assert.All(running.Values, c => Assert.Equal(scope.Name, c.Labels["ai.clipper.container.label"]));

        Assert.Equal(HostPort(running["redis"], 6379), running["redis"].Labels["ai.clipper.redis.port"]);

        var management = running["management"].Labels;
        Assert.Equal("", management["ai.clipper.management_frontend.label"]);
        Assert.Equal(HostPort(running["management"], 1338), management["ai.clipper.management.port"]);
        Assert.Equal(Text(addresses.Management.Port), management["ai.clipper.management.port"]);

        // Clipper's tools expect one query frontend: only the first carries Clipper's labels, the other the manager's own.
        var firstQuery = running["query"].Labels;
        Assert.Equal("", firstQuery["ai.clipper.query_frontend.label"]);
        Assert.Equal(HostPort(running["query"], 1337), firstQuery["ai.clipper.query_frontend.query.port"]);
        Assert.Equal(HostPort(running["query"], 7000), firstQuery["ai.clipper.query_frontend.rpc.port"]);
        var second = running["query-1"].Labels;
        Assert.DoesNotContain(second.Keys, key => key.StartsWith("ai.clipper.query_frontend.", StringComparison.Ordinal));
        Assert.Equal(HostPort(running["query-1"], 1337), second["ai.clipper.frontend.http.port"]);
        Assert.Equal("query", second["ai.clipper.role"]);
        Assert.Equal("1", second["ai.clipper.index"]);

        Assert.Equal(Text(addresses.Query.Port), running["query"].Labels["ai.clipper.query_frontend.query.port"]);
        Assert.Equal(new ModelVersionId("sum", "1").ToLabel(), running["sum_1-0"].Labels["ai.clipper.model_container.label"]);
        Assert.Equal("sum_1", running["sum_1-0"].Labels["ai.clipper.model_container.label"]);

        // The metrics: GET /metrics on the first query frontend's published port, and a configuration naming every frontend's.
        var first = running["query"].Labels;
        Assert.Equal(Text(addresses.Metrics.Port), first["ai.clipper.metric.port"]);
        using (var http = new HttpClient { Timeout = s_timeout })
        using (var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(http, $"http://127.0.0.1:{first["ai.clipper.metric.port"]}/metrics")))
        {
            Assert.Equal(JsonValueKind.Object, metrics.RootElement.ValueKind);
        }

        var config = first["ai.clipper.metric.config"];
        Assert.Equal(Path.Combine(scope.StateRoot, "docker", scope.Name, "prometheus.yml"), config);
        var text = await File.ReadAllTextAsync(config);
        Assert.Contains("scrape_configs:", text, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", text, StringComparison.Ordinal);
        foreach (var name in new[] { "query", "query-1" })
        {
            Assert.Contains($"- 127.0.0.1:{HostPort(running[name], 1337)}", text, StringComparison.Ordinal);
        }

        // Clipper's connect() merges the labels of the cluster's running containers and reads these keys.
        var merged = running.Values.SelectMany(c => c.Labels).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        Assert.All(
            new[] { "ai.clipper.redis.port", "ai.clipper.management.port", "ai.clipper.query_frontend.query.port", "ai.clipper.query_frontend.rpc.port", "ai.clipper.metric.port", "ai.clipper.metric.config" },
            key => Assert.True(merged.ContainsKey(key), $"no running container carries {key}"));

        await scope.Connection.StopAllAsync().WaitAsync(s_timeout);
        Assert.False(File.Exists(config), "stop-all removes the metrics configuration");
    }

    [Fact]
    public async Task StartClusterAsync_GivenRedis_LabelsTheManagementFrontendWithItsPort()
    {
        // Containers reach the host through their network's gateway, so this Redis listens beyond loopback.
        await using var redis = await RedisServer.StartAsync(bind: "0.0.0.0");
        await using var scope = new DockerClusterScope();
        await scope.StartAsync(redis.Address);

        var containers = await scope.ContainersAsync().WaitAsync(s_timeout);

        var carrier = Assert.Single(containers, c => c.Labels.ContainsKey("ai.clipper.redis.port"));
        Assert.Equal($"/{scope.Name}-management", carrier.Names[0]);
        Assert.Equal(Text(redis.Port), carrier.Labels["ai.clipper.redis.port"]);
    }

    private static string HostPort(ContainerListResponse container, int inside) =>
        Text(Assert.Single(container.Ports, p => p.PrivatePort == inside && p.PublicPort != 0).PublicPort);

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
