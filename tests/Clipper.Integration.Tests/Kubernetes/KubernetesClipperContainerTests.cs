using Clipper.Integration.Tests.Docker;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>A Clipper-protocol model image deployed with <c>clipper deploy --image</c> on the local Kubernetes.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesClipperContainerTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"kzmq{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task Deploy_ClipperProtocolImage_ServesPredictionsFromThePod()
    {
        using var docker = DockerEngine.Connect();
        var image = await ClipperContainerImage.BuildAsync(docker, "clipper-test-zmq-" + Guid.NewGuid().ToString("N")[..8], "echo");
        try
        {
            await LocalKubernetes.ImportAsync(docker, image);
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await OkAsync(["register-app", "echoer", "--input-type", "strings", "--default-output=none", "--slo-micros", "5000000", .. Cluster]);

            var deployed = await OkAsync(["deploy", "zecho", "--version", "1", "--input-type", "strings", "--image", image, "--deploy-timeout", "180", .. Cluster]);
            await OkAsync(["link", "echoer", "zecho", .. Cluster]);

            Assert.Contains("deployed zecho:1 with 1 replica(s)", deployed, StringComparison.Ordinal);
            var environment = (await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "get", "deployments", "-l", $"ai.clipper.container.label={_name}", "-o", "jsonpath={.items[*].spec.template.spec.containers[*].env}")).Output;
            Assert.Contains("\"name\":\"CLIPPER_INPUT_TYPE\",\"value\":\"strings\"", environment, StringComparison.Ordinal);
            var last = "";
            await Eventually.TrueAsync(
                async () => (last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "echoer", "\"from a pod\"", .. Cluster])).Output).Contains("\"output\":\"from a pod\",\"default\":false", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                () => "last answer: " + last);
            Assert.Contains("clipper-zmq", await OkAsync(["replicas", .. Cluster]), StringComparison.Ordinal);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
            await ClipperContainerImage.RemoveAsync(docker, image);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);
}
