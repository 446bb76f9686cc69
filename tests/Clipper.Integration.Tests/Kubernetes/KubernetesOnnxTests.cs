using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Docker;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// An ONNX model on Kubernetes: the image <c>BuildOnnxModelAsync</c> builds on the Docker engine for a Kubernetes cluster
/// (what <c>deploy --onnx</c> builds), served by a pod of the real local cluster. The command line runs inside the
/// cluster's network, where the engine is not, so it deploys the built image by name, as the project-model test does.
/// </summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the model image is built on the Docker engine
public sealed class KubernetesOnnxTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"konnx{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task DeployOnnx_KubernetesManager_ServesTheModelImageFromAPod()
    {
        // Built where the Docker engine is, as deploy --onnx builds it; the local node gets it by import (no registry here).
        using var connection = new ClipperConnection(
            new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = _name }),
            new ClipperConnectionOptions { ArtifactRoot = Path.Combine(_stateRoot, "models") });
        var built = await connection.BuildOnnxModelAsync("mlp", "1", OnnxDeployTests.Fixture("mlp.onnx")).WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal($"{_name}-mlp:1", built.Image);
        Assert.True(built.HasReadinessProbe);
        using var docker = DockerEngine.Connect();
        try
        {
            await LocalKubernetes.ImportAsync(docker, built.Image!);
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await OkAsync(["register-app", "mlp-app", "--input-type", "floats", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);

            var deployed = await OkAsync(["deploy", "mlp", "--version", "1", "--image", built.Image!, "--input-type", "floats", .. Cluster]);
            await OkAsync(["link", "mlp-app", "mlp", .. Cluster]);

            Assert.Contains("deployed mlp:1 with 1 replica(s), all connected", deployed, StringComparison.Ordinal);
            float[] row = [0.9f, -0.9f, 0.5f, 0.05f];
            float expected = OnnxDeployTests.RunInProcess(OnnxDeployTests.Fixture("mlp.onnx"), [row])[0];
            var last = "";
            await Eventually.TrueAsync(
                async () => (last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "mlp-app", OnnxDeployTests.Json(row), .. Cluster])).Output).Contains("\"default\":false", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                () => "last answer: " + last);
            using var answer = JsonDocument.Parse(last[last.IndexOf('{', StringComparison.Ordinal)..(last.LastIndexOf('}') + 1)]);
            Assert.Equal(expected, answer.RootElement.GetProperty("output").GetSingle());
            var logs = await OkAsync(["logs", "--dir", Path.Combine(_stateRoot, "logs"), .. Cluster]);
            var replicaLog = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First(f => f.Contains("mlp", StringComparison.Ordinal));
            Assert.Contains("execution provider: CPU", await File.ReadAllTextAsync(replicaLog), StringComparison.Ordinal);
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
                // Another run of the suite on this engine removed it when its own Docker tests ended (BuiltImages).
            }
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);
}
