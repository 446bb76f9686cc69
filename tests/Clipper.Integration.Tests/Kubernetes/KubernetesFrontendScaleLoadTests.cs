using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using Xunit.Abstractions;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// The query frontend Deployment scaled 1 → 2 → 1 (scale-frontends, ClipperConnection.ScaleFrontendsAsync) while
/// clients keep sending through the NodePort, from inside the cluster's network: no answer is lost or defaulted,
/// and while two pods run the model replica is connected to both and both serve from it.
/// </summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesFrontendScaleLoadTests(LocalKubernetes kubernetes, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"k8l{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task ScaleFrontendsAsync_OneToTwoAndBackUnderNodePortLoad_LosesNoAnswerAndTheReplicaServesBothPods()
    {
        try
        {
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);
            await OkAsync(["deploy", "slow", "--version", "1", "--input-type", "doubles", "--example", "sleep", .. Cluster]);
            await OkAsync(["link", "adder", "slow", .. Cluster]);
            Uri query, management;
            using (var status = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster])))
            {
                var addresses = status.RootElement.GetProperty("addresses");
                query = new Uri(addresses.GetProperty("query").GetString()!);
                management = new Uri(addresses.GetProperty("management").GetString()!);
            }

            // The management API answers callers beyond loopback with the cluster's admin token, kept in a Secret.
            var token = Encoding.UTF8.GetString(Convert.FromBase64String(
                (await LocalKubernetes.OkExecAsync(_stateRoot, ["kubectl", "get", "secret", _name + "-admin-token", "-o", "jsonpath={.data.token}"])).Trim()));

            // Connections are recycled often, so kube-proxy spreads the clients over the ready pods as they come and go.
            using var network = await ClusterNetwork.JoinAsync();
            using var http = network.CreateClient(s_timeout, TimeSpan.FromMilliseconds(300));
            await using var load = PredictLoad.Start(http, new Uri(query, "adder/predict"), clients: 8);
            await Eventually.TrueAsync(() => Task.FromResult(load.Served >= 100), s_timeout, load.ToString);

            var clock = Stopwatch.StartNew();
            using (var two = JsonDocument.Parse(await OkAsync(["scale-frontends", "2", "--output", "json", .. Cluster])))
            {
                Assert.Equal(2, two.RootElement.GetArrayLength());
            }

            var scaledUp = clock.Elapsed;
            var frontends = Array.Empty<Frontend>();
            await Eventually.TrueAsync(
                async () => (frontends = await FrontendsAsync(http, management, token)).Length == 2 && frontends.All(f => f.Replicas == 1),
                s_timeout,
                () => "frontends: " + string.Join(", ", frontends));
            var connected = clock.Elapsed;
            var answered = Array.Empty<long>();
            await Eventually.TrueAsync(
                async () => (answered = await AnsweredByModelAsync(http, frontends)).All(n => n >= 20),
                s_timeout,
                () => "answered by the model, per pod: " + string.Join(", ", answered) + "; " + load);

            // Both pods serve the load for a while before one goes, so the one that stops holds clients when it does.
            var servedAtTwo = load.Served;
            await Eventually.TrueAsync(() => Task.FromResult(load.Served >= servedAtTwo + 1000), s_timeout, load.ToString);
            answered = await AnsweredByModelAsync(http, frontends);
            var servedBeforeDown = load.Served;

            clock.Restart();
            using (var one = JsonDocument.Parse(await OkAsync(["scale-frontends", "1", "--output", "json", .. Cluster])))
            {
                Assert.Equal(1, one.RootElement.GetArrayLength());
            }

            var scaledDown = clock.Elapsed;
            // The stopped pod's frontend exited; its object may linger until the kubelet removes the sandbox.
            var pods = await OkExecAsync(["kubectl", "get", "pods", "-l", $"ai.clipper.deployment={_name}-query", "-o", "jsonpath={range .items[*]}{.metadata.deletionTimestamp}|{.status.containerStatuses[0].state.running.startedAt}{\"\\n\"}{end}"]);
            Assert.Single(pods.Split('\n', StringSplitOptions.RemoveEmptyEntries), p => p.StartsWith('|') && p.Length > 1);

            // Past the endpoints' update: the NodePort sends every new connection to the pod that stays.
            var servedAfter = load.Served;
            await Eventually.TrueAsync(() => Task.FromResult(load.Served >= servedAfter + 300), s_timeout, load.ToString);
            await load.StopAsync(s_timeout);

            output.WriteLine($"scale up {scaledUp.TotalSeconds:0.0} s, replica on both {connected.TotalSeconds:0.0} s, answered by the model per pod {string.Join(", ", answered)}; "
                + $"scale down {scaledDown.TotalSeconds:0.0} s; {servedBeforeDown} served when scaling down; {load}");
            Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    /// <summary>The management API's get_query_frontends: each frontend's HTTP address and the replicas of slow:1 connected to it.</summary>
    private static async Task<Frontend[]> FrontendsAsync(HttpClient http, Uri management, string adminToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(management, "admin/get_query_frontends"))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.EnumerateArray().Select(f => new Frontend(
            new Uri(f.GetProperty("http_address").GetString()!),
            f.GetProperty("replicas").TryGetProperty("slow:1", out var n) ? n.GetInt32() : 0))];
    }

    private static async Task<long[]> AnsweredByModelAsync(HttpClient http, IEnumerable<Frontend> frontends)
    {
        var answered = new List<long>();
        foreach (var frontend in frontends)
        {
            using var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(http, new Uri(frontend.Http, "metrics").ToString()));
            answered.Add(metrics.RootElement.GetProperty("counters").GetProperty("answered_by_model").GetInt64());
        }

        return [.. answered];
    }

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);

    private sealed record Frontend(Uri Http, int Replicas);
}
