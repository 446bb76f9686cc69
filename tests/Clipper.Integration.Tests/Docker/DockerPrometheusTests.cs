using System.Globalization;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Docker;

/// <summary>A Docker cluster started with <c>--prometheus</c>: a Prometheus container built here, scraping every frontend by its network address.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerPrometheusTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task StartClusterAsync_WithPrometheus_CountsEveryPredictionAndScrapesEveryFrontendAddedLater()
    {
        await using var scope = new DockerClusterScope();
        var prometheusPort = FreePort.Next();
        var addresses = await scope.StartAsync(configure: o => o with { Prometheus = true, PrometheusPort = prometheusPort, PrometheusScrapeInterval = TimeSpan.FromSeconds(1) });
        var connection = scope.Connection;

        Assert.Equal(new Uri($"http://127.0.0.1:{prometheusPort}"), addresses.Prometheus);
        Assert.Equal(addresses.Prometheus, connection.GetMetricAddress());
        Assert.Equal(addresses.Prometheus, (await scope.Manager.ConnectAsync()).Prometheus);

        // Clipper's metrics labels are on the Prometheus container, as Clipper put them; published on loopback only.
        var containers = await scope.ContainersAsync();
        var prometheus = Assert.Single(containers, c => c.Labels.TryGetValue("ai.clipper.role", out var role) && role == "prometheus");
        Assert.Equal(prometheusPort.ToString(CultureInfo.InvariantCulture), prometheus.Labels["ai.clipper.metric.port"]);
        Assert.Contains("dns_sd_configs", await File.ReadAllTextAsync(prometheus.Labels["ai.clipper.metric.config"]), StringComparison.Ordinal);
        Assert.All(prometheus.Ports.Where(p => p.PublicPort != 0), p => Assert.Equal("127.0.0.1", p.IP));
        Assert.DoesNotContain(containers, c => c.Labels.TryGetValue("ai.clipper.role", out var role) && role == "query" && c.Labels.ContainsKey("ai.clipper.metric.port"));

        await connection.DeployModelAsync("sum", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum"), replicas: 1).WaitAsync(s_timeout);
        await scope.RegisterAdderAsync("sum");
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2]", "3");
        await connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        using var api = new PrometheusApi(addresses.Prometheus!);
        await api.WaitForTargetsUpAsync(query: 2, s_timeout);
        var before = await api.ScalarAsync("sum(clipper_frontend_queries_total{app=\"adder\"})") ?? 0;

        const int Predictions = 20;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < Predictions; i++)
        {
            using var response = await http.PostAsync(new Uri(addresses.Query, "adder/predict"), new StringContent("{\"input\": [1, 2]}", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await api.WaitForAsync("sum(clipper_frontend_queries_total{app=\"adder\"})", before + Predictions, s_timeout);
        await api.WaitForAsync("count(up == 1)", 3, s_timeout);
    }
}
