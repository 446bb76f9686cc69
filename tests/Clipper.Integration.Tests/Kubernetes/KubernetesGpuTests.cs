using Clipper.ContainerManagers.Kubernetes;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>Replicas that ask for GPUs on a cluster without them: the Deployment carries the limit, and the deploy says why its pods do not run.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesGpuTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"kgpu{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    [Fact]
    public async Task Deploy_GpusOnAClusterWithout_LimitsThePodsAndFailsNamingTheSchedulersReason()
    {
        string[] cluster = ["--manager", "kubernetes", "--cluster", _name];
        try
        {
            await LocalKubernetes.OkAsync(_stateRoot, ["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. cluster]);

            var (exitCode, output) = await LocalKubernetes.ClipperAsync(_stateRoot, ["deploy", "gpu", "--version", "1", "--input-type", "doubles", "--example", "noop", "--gpus", "2", "--deploy-timeout", "15", .. cluster]);

            Assert.Equal(1, exitCode);
            Assert.Contains("gpu:1 has 0 of 1 replicas connected to the query frontend after 15 s; not all of its replicas run:", output, StringComparison.Ordinal);
            Assert.Contains("not scheduled (Unschedulable):", output, StringComparison.Ordinal);
            Assert.Contains("Insufficient nvidia.com/gpu", output, StringComparison.Ordinal);
            var deployment = KubernetesObjects.ModelDeploymentName(_name, new ModelVersionId("gpu", "1"));
            var limit = await LocalKubernetes.OkExecAsync(_stateRoot, ["kubectl", "get", "deployment", deployment, "-o", "jsonpath={.spec.template.spec.containers[0].resources.limits.nvidia\\.com/gpu}"]);
            Assert.Equal("2", limit.Trim());
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);
}
