using Clipper.Admin.Connection;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Docker;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>Images on Kubernetes: a model project built into an image and deployed by name, and a start whose image the node cannot get.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesImageTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"kim{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    [Fact]
    public async Task DeployModelAsync_ProjectBuiltIntoAnImage_ServesFromTheCluster()
    {
        // Built outside the cluster's namespace, where the Docker engine is; the local node gets it by import.
        using var connection = new ClipperConnection(
            new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = _name }),
            new ClipperConnectionOptions { ArtifactRoot = Path.Combine(_stateRoot, "models") });
        var built = await connection.BuildModelAsync("summer", "1", Path.Combine(ModelBuildTests.RepositoryRoot(), "examples", "SumModel")).WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal($"{_name}-summer:1", built.Image);
        using var docker = DockerEngine.Connect();
        try
        {
            await LocalKubernetes.ImportAsync(docker, built.Image!);
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await OkAsync(["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. Cluster]);
            Assert.Contains("deployed summer:1 with 1 replica(s)", await OkAsync(["deploy", "summer", "--version", "1", "--input-type", "doubles", "--image", built.Image!, .. Cluster]), StringComparison.Ordinal);
            await OkAsync(["link", "adder", "summer", .. Cluster]);
            var last = "";
            await Eventually.TrueAsync(
                async () => (last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "adder", "[1.5, 3]", .. Cluster])).Output).Contains("\"output\":4.5,\"default\":false", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                () => "last answer: " + last);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
            await docker.Images.DeleteImageAsync(built.Image!, new global::Docker.DotNet.Models.ImageDeleteParameters { Force = true });
        }
    }

    [Fact]
    public async Task StartClusterAsync_ImageTheNodeCannotGet_FailsNamingThePartAndLeavesNothing()
    {
        try
        {
            var (exitCode, output) = await LocalKubernetes.ClipperAsync(_stateRoot, ["start", "--clipper-image", "clipper-net:not-on-the-node", "--redis-image", kubernetes.RedisImage, "--start-timeout", "20", .. Cluster]);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Deployment {_name}-management of cluster '{_name}' in namespace 'default' did not start: it is not ready after 20 s.", output, StringComparison.Ordinal);
            Assert.Contains("clipper-net:not-on-the-node", output, StringComparison.Ordinal);
            Assert.Matches("ErrImagePull|ImagePullBackOff", output);
            var left = (await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "get", "deployments,services,pods", "-l", $"ai.clipper.container.label={_name}", "-o", "name")).Output.Trim();
            Assert.Equal("", left);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    [Fact]
    public async Task StartClusterAsync_LoadBalancerUnavailable_FailsSayingWhyAndLeavesNothing()
    {
        try
        {
            var (exitCode, output) = await LocalKubernetes.ClipperAsync(_stateRoot, ["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, "--service-type", "LoadBalancer", "--start-timeout", "30", .. Cluster]);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Services {_name}-query and {_name}-management (LoadBalancer) have no address after 30 s: does the cluster provide load balancers?", output, StringComparison.Ordinal);
            Assert.Equal("", (await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "get", "deployments,services,pods", "-l", $"ai.clipper.container.label={_name}", "-o", "name")).Output.Trim());
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);
}
