using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.Integration.Tests.Docker;
using Clipper.Integration.Tests.Kubernetes;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary>A Python model on a real Kubernetes cluster: its image built on this machine, imported into the node, deployed and answering.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the image is built on the Docker engine
public sealed class PythonKubernetesTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-py-").FullName;
    private readonly string _name = $"kpy{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Fact]
    public async Task BuildPythonModelAsync_ScikitLearnModelImageOnKubernetes_IsReadyAndAnswersAsScikitLearnDoes()
    {
        var folder = await SklearnCases.TrainAsync(_stateRoot);

        // Built out here, where the Docker engine and this machine's dpkg database are (the cluster's mount namespace
        // hides /var/lib), imported into the node, then deployed by name from inside the cluster's network.
        using var connection = new ClipperConnection(
            new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = _name }),
            new ClipperConnectionOptions { ArtifactRoot = Path.Combine(_stateRoot, "models") });
        var built = await connection.BuildPythonModelAsync("iris", "1", folder, "model:predict").WaitAsync(TimeSpan.FromMinutes(8));
        Assert.Equal($"{_name}-iris:1", built.Image);
        Assert.True(built.HasReadinessProbe);
        using var docker = DockerEngine.Connect();
        try
        {
            await LocalKubernetes.ImportAsync(docker, built.Image!);
            await LocalKubernetes.OkAsync(_stateRoot, ["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await LocalKubernetes.OkAsync(_stateRoot, ["register-app", "iris", "--input-type", "doubles", "--default-output", "none", "--slo-micros", "5000000", .. Cluster]);
            var deployed = await LocalKubernetes.OkAsync(_stateRoot, ["deploy", "iris", "--version", "1", "--input-type", "doubles", "--image", built.Image!, .. Cluster]);
            Assert.Contains("deployed iris:1 with 1 replica(s), all connected", deployed, StringComparison.Ordinal);
            await LocalKubernetes.OkAsync(_stateRoot, ["link", "iris", "iris", .. Cluster]);

            // The readiness check of the image (what the manager's probe runs) passes in the pod: its python3 sees the ready file.
            var pod = (await LocalKubernetes.OkExecAsync(_stateRoot, ["kubectl", "get", "pods", "-l", $"ai.clipper.container.label={_name},ai.clipper.model_container.label=iris_1", "-o", "jsonpath={.items[0].metadata.name}"])).Trim();
            await LocalKubernetes.OkExecAsync(_stateRoot, ["kubectl", "exec", pod, "--", .. built.ReadinessCommand!]);

            using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")));
            foreach (var case_ in expected.RootElement.EnumerateArray().Take(4))
            {
                var want = case_.GetProperty("output");
                var last = "";
                await Eventually.TrueAsync(
                    async () => Matches(last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "iris", case_.GetProperty("input").GetRawText(), .. Cluster])).Output, want),
                    TimeSpan.FromSeconds(60),
                    () => $"last answer: {last}; expected {want}");
            }
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
            try
            {
                await docker.Images.DeleteImageAsync(built.Image!, new global::Docker.DotNet.Models.ImageDeleteParameters { Force = true });
            }
            catch (global::Docker.DotNet.DockerImageNotFoundException)
            {
                // Already gone: the failure that matters is the test's own.
            }
        }
    }

    /// <summary>Whether the command line's printed answer is the model's (not a default) and equals scikit-learn's output.</summary>
    private static bool Matches(string printed, JsonElement want)
    {
        var line = printed.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith('{'));
        if (line is null)
        {
            return false;
        }

        using var answer = JsonDocument.Parse(line);
        return answer.RootElement.TryGetProperty("default", out var isDefault) && !isDefault.GetBoolean() && SklearnCases.SameOutput(answer.RootElement.GetProperty("output"), want);
    }
}
