using Clipper.ContainerManagers.Docker;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.ContainerManagers.Local;

namespace Clipper.ContainerManagers.Tests;

/// <summary>A number of query frontends out of 1..64 is refused before anything is started or contacted, naming the value and the range.</summary>
public sealed class ClusterStartOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(-1)]
    public void Validate_FrontendsOutOfRange_IsRefusedNamingTheValueAndTheRange(int frontends)
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { Frontends = frontends }.Validate());

        Assert.Equal($"Frontends is {frontends}; expected 1 to 64 query frontends.", refused.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void Validate_FrontendsInRange_IsAccepted(int frontends)
    {
        new ClusterStartOptions { Frontends = frontends }.Validate();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task SetQueryFrontendCountAsync_CountOutOfRange_EveryManagerRefusesBeforeContactingAnything(int count)
    {
        var stateRoot = Path.Combine(Path.GetTempPath(), "clipper-nowhere-" + Guid.NewGuid().ToString("N"));
        IContainerManager[] managers =
        [
            new LocalProcessContainerManager(new LocalClusterOptions { StateRoot = stateRoot }),
            new DockerContainerManager(new DockerClusterOptions { DockerEndpoint = new Uri("unix:///nonexistent/docker.sock"), StateRoot = stateRoot }),
            new KubernetesContainerManager(new KubernetesClusterOptions { KubeConfigPath = Path.Combine(stateRoot, "missing-kubeconfig") }),
        ];
        foreach (var manager in managers)
        {
            var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.SetQueryFrontendCountAsync(count));

            Assert.Equal($"The number of query frontends is {count}; expected 1 to 64 query frontends.", refused.Message);
        }

        Assert.False(Directory.Exists(stateRoot), "nothing was written");
    }
}
