using System.Text.Json;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>Query frontends scaled on the real local Kubernetes through <c>scale-frontends</c> (ClipperConnection.ScaleFrontendsAsync): pods ready, then gone.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesFrontendScaleTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"k8f{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task ScaleFrontendsAsync_OneToTwoAndBack_PodsReadyThenGoneAndReplicasFollow()
    {
        try
        {
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);
            await OkAsync(["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. Cluster]);
            await OkAsync(["link", "adder", "sum", .. Cluster]);

            // Each frontend pod runs with its pod IP and name, and drains behind a not-ready delay within its grace period.
            var template = await OkExecAsync(["kubectl", "get", "deployment", _name + "-query", "-o", "jsonpath={.spec.template.spec.terminationGracePeriodSeconds} {.spec.template.spec.containers[0].args}"]);
            Assert.StartsWith("40 ", template, StringComparison.Ordinal);
            Assert.Contains("$(POD_IP)", template, StringComparison.Ordinal);
            Assert.Contains("--shutdown-delay-ms", template, StringComparison.Ordinal);

            using (var two = JsonDocument.Parse(await OkAsync(["scale-frontends", "2", "--output", "json", .. Cluster])))
            {
                Assert.Equal(2, two.RootElement.GetArrayLength());
                Assert.All(two.RootElement.EnumerateArray(), f => Assert.StartsWith(_name + "-query-", f.GetProperty("id").GetString(), StringComparison.Ordinal));
            }

            Assert.Equal("2", (await OkExecAsync(["kubectl", "get", "deployment", _name + "-query", "-o", "jsonpath={.status.readyReplicas}"])).Trim());
            var pods = (await OkExecAsync(["kubectl", "get", "pods", "-l", $"ai.clipper.deployment={_name}-query", "-o", "jsonpath={.items[*].metadata.name}"])).Trim().Split(' ');
            Assert.Equal(2, pods.Length);

            // The model pod, bootstrapped through the RPC Service, connects to both frontends.
            await Eventually.TrueAsync(
                async () =>
                {
                    using var status = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster]));
                    var frontends = status.RootElement.GetProperty("query_frontends").EnumerateArray().ToList();
                    return frontends.Count == 2 && frontends.All(f => f.GetProperty("replicas").TryGetProperty("sum:1", out var n) && n.GetInt32() == 1);
                },
                TimeSpan.FromSeconds(60));

            using (var one = JsonDocument.Parse(await OkAsync(["scale-frontends", "1", "--output", "json", .. Cluster])))
            {
                var kept = Assert.Single(one.RootElement.EnumerateArray()).GetProperty("id").GetString()!;
                Assert.Contains(kept, pods);
            }

            var left = (await OkExecAsync(["kubectl", "get", "pods", "-l", $"ai.clipper.deployment={_name}-query", "-o", "jsonpath={.items[*].metadata.name}"])).Trim();
            Assert.Single(left.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var answer = await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "adder", "[1, 2]", .. Cluster]);
            Assert.Contains("\"output\":3,\"default\":false", answer.Output, StringComparison.Ordinal);

            var refused = await LocalKubernetes.ClipperAsync(_stateRoot, ["scale-frontends", "0", .. Cluster]);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("The count of scale-frontends is 0; expected 1 to 64 query frontends.", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
