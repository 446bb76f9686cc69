using System.Text.Json;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>Every <c>clipper</c> verb with <c>--manager kubernetes</c> against the real local cluster, from inside its network.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesCliTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"k8s{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task Verbs_KubernetesManager_StartServeScaleRollBackHealAndLeaveNoObject()
    {
        try
        {
            var started = await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, "--cpus", "0.25", "--memory", "256m", "--context", "local", .. Cluster]);
            Assert.Contains("queries", started, StringComparison.Ordinal);
            var again = await LocalKubernetes.ClipperAsync(_stateRoot, ["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains($"Cluster '{_name}' already has objects in namespace 'default'", again.Output, StringComparison.Ordinal);

            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);

            // The command line found the admin token in the cluster's Secret; a caller without it is refused.
            Assert.Equal("Opaque", (await OkExecAsync(["kubectl", "get", "secret", _name + "-admin-token", "-o", "jsonpath={.type}"])).Trim());
            string management;
            using (var json = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster])))
            {
                management = json.RootElement.GetProperty("addresses").GetProperty("management").GetString()!;
            }

            var anonymous = await OkExecAsync(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-d", "{\"verbose\": false}", management.TrimEnd('/') + "/admin/get_all_applications"]);
            Assert.Equal("401", anonymous.Trim());
            Assert.Contains("deployed sum:1 with 2 replica(s)", await OkAsync(["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", "--replicas", "2", .. Cluster]), StringComparison.Ordinal);
            await OkAsync(["link", "adder", "sum", .. Cluster]);
            await AnswersAsync("[1.5, 2.5]", "4");

            // The resources given at start apply to the model containers another process deployed.
            var resources = await OkExecAsync(["kubectl", "get", "deployments", "-l", "ai.clipper.model=sum,ai.clipper.version=1", "-o", "jsonpath={.items[0].spec.template.spec.containers[0].resources.limits}"]);
            Assert.Contains("\"cpu\":\"250m\"", resources, StringComparison.Ordinal);
            Assert.Contains("\"memory\":\"268435456\"", resources, StringComparison.Ordinal);

            await OkAsync(["scale", "sum", "3", .. Cluster]);
            using (var json = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster])))
            {
                Assert.Equal(3, json.RootElement.GetProperty("replicas").GetArrayLength());
                var frontend = Assert.Single(json.RootElement.GetProperty("query_frontends").EnumerateArray());
                Assert.StartsWith(_name + "-query-", frontend.GetProperty("id").GetString(), StringComparison.Ordinal);
                Assert.Equal(3, frontend.GetProperty("replicas").GetProperty("sum:1").GetInt32());
            }

            using (var json = JsonDocument.Parse(await OkAsync(["replicas", "--output", "json", .. Cluster])))
            {
                Assert.Equal(3, json.RootElement.GetArrayLength());
            }

            await OkAsync(["scale", "sum", "1", .. Cluster]);
            var logs = Path.Combine(_stateRoot, "logs");
            Assert.Contains("query-", await OkAsync(["logs", "--dir", logs, .. Cluster]), StringComparison.Ordinal);

            // A second version takes over; set-version rolls back to the first.
            await OkAsync(["deploy", "sum", "--version", "2", "--input-type", "doubles", "--example", "noop", .. Cluster]);
            await AnswersAsync("[2, 2]", "1.0");
            await OkAsync(["set-version", "sum", "1", .. Cluster]);
            await AnswersAsync("[2, 3]", "5");

            // A pod deleted by hand is replaced by its Deployment and serves again. The deleted pod may stay listed while it
            // drains (its grace period); what counts is a new pod beside it.
            var pods = await OkExecAsync(["kubectl", "get", "pods", "-l", $"ai.clipper.model_container.label=sum_1", "-o", "jsonpath={.items[0].metadata.name}"]);
            await OkExecAsync(["kubectl", "delete", "pod", pods.Trim(), "--wait=false"]);
            await Eventually.TrueAsync(
                async () => (await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "get", "pods", "-l", "ai.clipper.model_container.label=sum_1", "-o", "jsonpath={.items[*].metadata.name}")).Output
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(name => name != pods.Trim()),
                TimeSpan.FromSeconds(60));
            await AnswersAsync("[4, 3]", "7");

            // A model whose container exits at start fails its deploy with its logs.
            var broken = await LocalKubernetes.ClipperAsync(_stateRoot, ["deploy", "broken", "--version", "1", "--input-type", "doubles", "--example", "crash", .. Cluster]);
            Assert.Equal(1, broken.ExitCode);
            Assert.Contains("exited with code 3", broken.Output, StringComparison.Ordinal);
            Assert.Contains("cannot load the model's weights", broken.Output, StringComparison.Ordinal);

            Assert.Contains("\"2\"", await OkAsync(["models", "--output", "json", .. Cluster]), StringComparison.Ordinal);
            await OkAsync(["stop-models", "sum", .. Cluster]);
            Assert.Contains("no model replicas", await OkAsync(["status", .. Cluster]), StringComparison.Ordinal);

            Assert.Contains("stopped", await OkAsync(["stop-all", .. Cluster]), StringComparison.Ordinal);
            await Eventually.TrueAsync(
                async () => (await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "get", "deployments,services,pvc,roles,rolebindings,pods,secrets", "-l", $"ai.clipper.container.label={_name}", "-o", "name")).Output.Trim().Length == 0,
                TimeSpan.FromSeconds(30));
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private async Task AnswersAsync(string input, string output)
    {
        var last = "";
        await Eventually.TrueAsync(
            async () => (last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "adder", input, .. Cluster])).Output).Contains($"\"output\":{output},\"default\":false", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            () => "last answer: " + last);
    }

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
