using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary><c>clipper quickstart --manager kubernetes</c> with the images of <c>start</c>, from inside the local cluster's network.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesQuickstartTests(LocalKubernetes kubernetes) : IDisposable
{
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"kqs{Environment.ProcessId % 10000}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task Quickstart_KubernetesWithImagesOfStart_AnswersAndNamesStopAll()
    {
        try
        {
            var noImage = await LocalKubernetes.ClipperAsync(_stateRoot, ["quickstart", .. Cluster]);
            Assert.Equal(1, noImage.ExitCode);
            Assert.Contains("needs ClipperImage (--clipper-image)", noImage.Output, StringComparison.Ordinal);

            var output = await LocalKubernetes.OkAsync(_stateRoot, ["quickstart", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            Assert.Contains("\"output\":6,\"default\":false", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"default\":true", output, StringComparison.Ordinal);
            Assert.Contains("curl -X POST http://127.0.0.1:", output, StringComparison.Ordinal);
            Assert.Contains($"stop it with: ./clipper stop-all --manager kubernetes --cluster {_name}", output, StringComparison.Ordinal);
            Assert.Equal("2", (await LocalKubernetes.OkExecAsync(_stateRoot, ["kubectl", "get", "deployments", "-l", $"ai.clipper.container.label={_name},ai.clipper.model=sum", "-o", "jsonpath={.items[0].spec.replicas}"])).Trim());

            // Run again, it uses the running cluster: no image is needed to connect.
            Assert.Contains("using the running cluster", await LocalKubernetes.OkAsync(_stateRoot, ["quickstart", .. Cluster]), StringComparison.Ordinal);

            await LocalKubernetes.OkAsync(_stateRoot, ["stop-all", .. Cluster]);
            var left = "";
            await Eventually.TrueAsync(
                async () => (left = (await LocalKubernetes.OkExecAsync(_stateRoot, ["kubectl", "get", "deployments,services,pods", "-l", $"ai.clipper.container.label={_name}", "-o", "name"])).Trim()).Length == 0,
                TimeSpan.FromSeconds(60),
                () => "left: " + left);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);
}
