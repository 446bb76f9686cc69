using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// A Kubernetes cluster started with <c>--prometheus</c>: Prometheus as a Deployment behind a ClusterIP Service, finding
/// the query frontend pods through the management frontend's HTTP service discovery (with the admin token from its
/// Secret), read through its own HTTP API from inside the cluster's network.
/// </summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesPrometheusTests(LocalKubernetes kubernetes) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"k8p{Environment.ProcessId % 10000}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task Start_WithPrometheus_CountsEveryPredictionOnEveryFrontendPodFoundThroughTheManagementFrontend()
    {
        try
        {
            var image = await kubernetes.PrometheusImageAsync();
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, "--prometheus", "--prometheus-image", image, "--prometheus-scrape-interval", "1", .. Cluster]);
            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);
            await OkAsync(["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. Cluster]);
            await OkAsync(["link", "adder", "sum", .. Cluster]);
            await OkAsync(["scale-frontends", "2", .. Cluster]);

            // Inside the cluster only: Prometheus asks for no credential.
            Assert.Equal("ClusterIP", (await OkExecAsync(["kubectl", "get", "service", _name + "-prometheus", "-o", "jsonpath={.spec.type}"])).Trim());
            var config = Encoding.UTF8.GetString(Convert.FromBase64String((await OkExecAsync(["kubectl", "get", "secret", _name + "-prometheus", "-o", "jsonpath={.data.prometheus\\.yml}"])).Trim()));
            Assert.Contains("http_sd_configs", config, StringComparison.Ordinal);
            Assert.Contains("credentials_file: \"/run/clipper/admin/token\"", config, StringComparison.Ordinal);

            using var status = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster]));
            var addresses = status.RootElement.GetProperty("addresses");
            var prometheus = new Uri(addresses.GetProperty("prometheus").GetString()!);
            var query = new Uri(addresses.GetProperty("query").GetString()!);
            Assert.StartsWith("10.96.", prometheus.Host, StringComparison.Ordinal);

            using var network = await ClusterNetwork.JoinAsync();
            using var api = new PrometheusApi(prometheus, network.CreateHandler());
            await api.WaitForTargetsUpAsync(query: 2, s_timeout);
            var before = await api.ScalarAsync("sum(clipper_frontend_queries_total{app=\"adder\"})") ?? 0;

            // The query Service spreads these over both pods; Prometheus sums what each pod counted.
            const int Predictions = 20;
            using var http = network.CreateClient(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1));
            for (var i = 0; i < Predictions; i++)
            {
                using var response = await http.PostAsync(new Uri(query, "adder/predict"), new StringContent("{\"input\": [1, 2]}", Encoding.UTF8, "application/json"));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, body);
                Assert.Contains("\"output\":3,\"default\":false", body, StringComparison.Ordinal);
            }

            await api.WaitForAsync("sum(clipper_frontend_queries_total{app=\"adder\"})", before + Predictions, s_timeout);
            await api.WaitForAsync("count(up{job=\"clipper-query\"} == 1)", 2, s_timeout);

            // Back to one frontend: the pod that went is no longer a target.
            await OkAsync(["scale-frontends", "1", .. Cluster]);
            await api.WaitForTargetsUpAsync(query: 1, s_timeout);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    [Fact]
    public async Task Start_WithPrometheusButNoImage_IsRefusedBeforeAnythingIsCreated()
    {
        var (exitCode, output) = await LocalKubernetes.ClipperAsync(_stateRoot, ["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, "--prometheus", .. Cluster]);

        Assert.Equal(1, exitCode);
        Assert.Contains("needs PrometheusImage (--prometheus-image)", output, StringComparison.Ordinal);
        Assert.Contains("clipper images --prometheus", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_name, await OkExecAsync(["kubectl", "get", "deployments,services", "-l", $"ai.clipper.container.label={_name}", "-o", "name"]), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
