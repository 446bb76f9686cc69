using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Admin;

/// <summary>A local cluster started with <c>--prometheus</c>: a real Prometheus scraping every frontend, the ones added later too.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalPrometheusTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task StartClusterAsync_WithPrometheus_CountsEveryPredictionAndScrapesEveryFrontendAddedLater()
    {
        await using var scope = new LocalClusterScope();
        var prometheusPort = FreePort.Next();
        var addresses = await scope.Connection.StartClipperAsync(new ClusterStartOptions
        {
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
            RedisPort = FreePort.Next(),
            Prometheus = true,
            PrometheusPort = prometheusPort,
            PrometheusScrapeInterval = TimeSpan.FromSeconds(1),
        }).WaitAsync(s_timeout);

        Assert.Equal(new Uri($"http://127.0.0.1:{prometheusPort}"), addresses.Prometheus);
        Assert.Equal(addresses.Prometheus, scope.Connection.GetMetricAddress());
        Assert.Equal(addresses.Prometheus, (await scope.Manager.ConnectAsync()).Prometheus);
        Assert.Contains("prometheus", LocalClusterState.TryLoad(scope.StateFile)!.Children.Keys);
        Assert.Contains($"prometheus  http://127.0.0.1:{prometheusPort}/", await CliRunner.OkAsync(scope.StateRoot, "status", "--cluster", scope.Name), StringComparison.Ordinal);
        var connection = scope.Connection;
        await connection.RegisterApplicationAsync("adder", "doubles", "-1", 10_000_000).WaitAsync(s_timeout);
        await connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum")).WaitAsync(s_timeout);
        await connection.LinkModelToAppAsync("adder", "sum").WaitAsync(s_timeout);
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2]", "3");
        await connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        using var prometheus = new PrometheusApi(addresses.Prometheus!);
        await prometheus.WaitForTargetsUpAsync(query: 2, s_timeout);
        var before = await prometheus.ScalarAsync("sum(clipper_frontend_queries_total{app=\"adder\"})") ?? 0;

        const int Predictions = 25;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < Predictions; i++)
        {
            using var response = await http.PostAsync(new Uri(addresses.Query, "adder/predict"), new StringContent("{\"input\": [1, 2]}", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await prometheus.WaitForAsync("sum(clipper_frontend_queries_total{app=\"adder\"})", before + Predictions, s_timeout);
        await prometheus.WaitForAsync("count(up == 1)", 3, s_timeout);
    }

    [Fact]
    public async Task StartClusterAsync_WithPrometheusAndTls_ScrapesEveryFrontendOverHttpsWithTheClustersCa()
    {
        using var files = TestCertificates.Create();
        await using var scope = new LocalClusterScope();
        var addresses = await scope.Connection.StartClipperAsync(new ClusterStartOptions
        {
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
            RedisPort = FreePort.Next(),
            TlsCertificatePath = files.CertificatePath,
            TlsKeyPath = files.KeyPath,
            TlsCaPath = files.CaPath,
            Prometheus = true,
            PrometheusScrapeInterval = TimeSpan.FromSeconds(1),
        }).WaitAsync(s_timeout);

        using var prometheus = new PrometheusApi(addresses.Prometheus!);
        await prometheus.WaitForTargetsUpAsync(query: 1, s_timeout);
        Assert.All(await prometheus.TargetsAsync(), t => Assert.Equal("up", t.Health));
        Assert.Contains($"ca_file: \"{files.CaPath}\"", File.ReadAllText(Path.Combine(scope.ClusterDirectory, "prometheus", "prometheus.yml")), StringComparison.Ordinal);
        Assert.Equal(1, await prometheus.ScalarAsync("count(up{job=\"clipper-query\"} == 1)"));
    }

    [Fact]
    public async Task StopAllAsync_WithPrometheus_EndsItAndRemovesItsData()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.Connection.StartClipperAsync(new ClusterStartOptions
        {
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
            RedisPort = FreePort.Next(),
            Prometheus = true,
        }).WaitAsync(s_timeout);
        var pid = LocalClusterState.TryLoad(scope.StateFile)!.Children["prometheus"].Pid;
        Assert.True(Directory.Exists(Path.Combine(scope.ClusterDirectory, "prometheus", "data")));
        Assert.Equal("127.0.0.1", addresses.Prometheus!.Host);

        await scope.Manager.StopAllAsync().WaitAsync(s_timeout);

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(Directory.Exists(Path.Combine(scope.ClusterDirectory, "prometheus")));
    }
}
