using System.Text.Json;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// A Kubernetes cluster started with TLS on the real local Kubernetes: the certificate in the Secret NAME-tls, HTTPS
/// probes, the example model pod joining over TLS with the RPC Service's DNS name, the command line finding https and
/// the CA without flags, scale-frontends 2, and stop-all removing the Secret.
/// </summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesTlsTests : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"k8t{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";
    private readonly TestCertificates _files;

    public KubernetesTlsTests(LocalKubernetes kubernetes)
    {
        Kubernetes = kubernetes;
        _files = TestCertificates.Create([$"{_name}-query-rpc.default.svc"]);
    }

    private LocalKubernetes Kubernetes { get; }

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task Start_WithTls_ModelPodJoinsOverTlsVerbsNeedNoFlagsAndScaleUpKeepsIt()
    {
        try
        {
            // With the cluster's Prometheus, which discovers and scrapes the frontends over HTTPS with the cluster's CA.
            var prometheusImage = await Kubernetes.PrometheusImageAsync();
            await OkAsync(["start", "--clipper-image", Kubernetes.ClipperImage, "--redis-image", Kubernetes.RedisImage, "--tls-cert", _files.CertificatePath, "--tls-key", _files.KeyPath, "--tls-ca", _files.CaPath, "--prometheus", "--prometheus-image", prometheusImage, "--prometheus-scrape-interval", "1", .. Cluster]);
            Assert.Equal("kubernetes.io/tls", await OkExecAsync(["kubectl", "get", "secret", _name + "-tls", "-o", "jsonpath={.type}"]));
            var probe = await OkExecAsync(["kubectl", "get", "deployment", _name + "-query", "-o", "jsonpath={.spec.template.spec.containers[0].readinessProbe.httpGet.scheme} {.spec.template.spec.volumes[0].secret.defaultMode}"]);
            Assert.Equal("HTTPS 256", probe);

            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);
            await OkAsync(["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. Cluster]);
            await OkAsync(["link", "adder", "sum", .. Cluster]);
            var environment = await OkExecAsync(["kubectl", "get", "deployments", "-l", "ai.clipper.model=sum", "-o", "jsonpath={.items[0].spec.template.spec.containers[0].env}"]);
            Assert.Contains($"{_name}-query-rpc.default.svc", environment, StringComparison.Ordinal);
            Assert.Contains("/run/clipper/tls/ca.crt", environment, StringComparison.Ordinal);

            var last = "";
            await Eventually.TrueAsync(
                async () => (last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "adder", "[1, 2]", .. Cluster])).Output).Contains("\"output\":3,\"default\":false", StringComparison.Ordinal),
                TimeSpan.FromSeconds(120),
                () => "last answer: " + last);
            var status = await OkAsync(["status", .. Cluster]);
            Assert.Contains("https://", status, StringComparison.Ordinal);
            Assert.Contains($"tls         HTTPS and TLS for replicas; CA {Path.Combine(_stateRoot, "kubernetes", "default", _name, "tls-ca.pem")}", status, StringComparison.Ordinal);

            using (var two = JsonDocument.Parse(await OkAsync(["scale-frontends", "2", "--output", "json", .. Cluster])))
            {
                Assert.Equal(2, two.RootElement.GetArrayLength());
            }

            await Eventually.TrueAsync(
                async () =>
                {
                    using var json = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster]));
                    var frontends = json.RootElement.GetProperty("query_frontends").EnumerateArray().ToList();
                    return frontends.Count == 2 && frontends.All(f => f.GetProperty("replicas").TryGetProperty("sum:1", out var n) && n.GetInt32() == 1);
                },
                TimeSpan.FromSeconds(90));
            using (var json = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster])))
            using (var network = await ClusterNetwork.JoinAsync())
            using (var prometheus = new Infrastructure.PrometheusApi(new Uri(json.RootElement.GetProperty("addresses").GetProperty("prometheus").GetString()!), network.CreateHandler()))
            {
                await prometheus.WaitForTargetsUpAsync(query: 2, TimeSpan.FromMinutes(2));
            }

            var logs = await OkExecAsync(["kubectl", "logs", "-l", "ai.clipper.model=sum", "--tail", "200"]);
            Assert.Contains("over TLS (Tls", logs, StringComparison.Ordinal);

            await OkAsync(["stop-all", "--force", .. Cluster]);
            var (exitCode, output) = await LocalKubernetes.ExecAsync(_stateRoot, ["kubectl", "get", "secret", _name + "-tls"]);
            Assert.True(exitCode != 0 && output.Contains("NotFound", StringComparison.Ordinal), output);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_stateRoot, recursive: true);
    }

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
