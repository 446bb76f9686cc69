using System.Text.Json;
using Clipper.Integration.Tests.Serving;
using Inference;
using static Clipper.Integration.Tests.Serving.OipGrpcClient;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// <c>start --grpc-port 0</c> on the real local Kubernetes: every query pod serves the Open Inference Protocol's gRPC
/// service on 8001 behind the query Service's port <c>grpc</c>, whose node port <c>status</c> prints, through scaling.
/// </summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesGrpcTests(LocalKubernetes kubernetes) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"k8g{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task Start_GrpcPortZero_ServiceGrpcPortServesInferenceFromEveryFrontend()
    {
        try
        {
            var started = await OkAsync(["start", "--grpc-port", "0", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);
            await OkAsync(["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. Cluster]);
            await OkAsync(["link", "adder", "sum", .. Cluster]);

            // The Service's port grpc (h2c) leads to 8001 of the pods, which run with --grpc-port 8001.
            var port = await OkExecAsync(["kubectl", "get", "service", _name + "-query", "-o", "jsonpath={.spec.ports[?(@.name==\"grpc\")].port} {.spec.ports[?(@.name==\"grpc\")].targetPort} {.spec.ports[?(@.name==\"grpc\")].appProtocol} {.spec.ports[?(@.name==\"grpc\")].nodePort}"]);
            var fields = port.Trim().Split(' ');
            Assert.Equal(["8001", "8001", "kubernetes.io/h2c"], fields[..3]);
            var args = await OkExecAsync(["kubectl", "get", "deployment", _name + "-query", "-o", "jsonpath={.spec.template.spec.containers[0].args}"]);
            Assert.Contains("\"--grpc-port\",\"8001\"", args, StringComparison.Ordinal);

            string grpc;
            using (var status = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster])))
            {
                grpc = status.RootElement.GetProperty("addresses").GetProperty("grpc").GetString()!;
            }

            Assert.EndsWith(":" + fields[3], grpc, StringComparison.Ordinal);
            Assert.Contains($"grpc        {grpc}", started, StringComparison.Ordinal);

            using var network = await ClusterNetwork.JoinAsync();
            await AnswersAsync(network, grpc, [1, 2], "3");

            // A second pod serves gRPC too: with both ready and connected to the model, each new connection may land on either.
            await OkAsync(["scale-frontends", "2", "--output", "json", .. Cluster]);
            await Eventually.TrueAsync(
                async () =>
                {
                    using var status = JsonDocument.Parse(await OkAsync(["status", "--output", "json", .. Cluster]));
                    var frontends = status.RootElement.GetProperty("query_frontends").EnumerateArray().ToList();
                    return frontends.Count == 2 && frontends.All(f => f.GetProperty("replicas").TryGetProperty("sum:1", out var n) && n.GetInt32() == 1);
                },
                s_timeout);
            var podIps = (await OkExecAsync(["kubectl", "get", "pods", "-l", $"ai.clipper.deployment={_name}-query", "-o", "jsonpath={.items[*].status.podIP}"])).Trim().Split(' ');
            Assert.Equal(2, podIps.Length);
            foreach (var podIp in podIps)
            {
                await AnswersAsync(network, podIp + ":8001", [2, 2], "4");
            }

            await AnswersAsync(network, grpc, [3, 2], "5");
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    /// <summary>ServerReady and ModelInfer answer at <paramref name="address"/>, over a channel whose sockets are opened in the cluster's network.</summary>
    private static async Task AnswersAsync(ClusterNetwork network, string address, double[] row, string expected)
    {
        using var client = Plain(address, network.CreateHandler());
        Assert.True((await client.Service.ServerReadyAsync(new ServerReadyRequest(), Call())).Ready);
        Assert.Equal([expected], Outputs(await client.InferUntilServedAsync(Doubles("sum", "kubernetes", row))));
    }

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
