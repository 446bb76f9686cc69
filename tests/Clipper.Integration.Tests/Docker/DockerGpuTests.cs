using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Docker;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Replicas that ask for GPUs on an engine without them: the request is made as <c>docker run --gpus</c> makes it, and refused with the engine's reason.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerGpuTests
{
    [Fact]
    public async Task DeployModelAsync_GpusOnAnEngineWithoutThem_RecordsTheDeviceRequestAndFailsWithTheEnginesReason()
    {
        await using var scope = new DockerClusterScope();
        await scope.StartAsync();

        var failure = await Assert.ThrowsAsync<ClipperException>(() =>
            scope.Connection.DeployModelAsync("gpu", "1", "doubles", ModelArtifact.OfClipper("example-model", "noop"), replicas: 1, gpus: 1));

        Assert.Contains("could not select device driver", failure.Message, StringComparison.Ordinal);
        Assert.Contains("asks the engine for 1 GPU(s)", failure.Message, StringComparison.Ordinal);

        // The deployment the manager recorded (every replica it starts is created from it) asks for the GPU.
        var record = Assert.Single(await scope.ContainersAsync(), c => c.Labels.TryGetValue(DockerLabels.Role, out var role) && role == DockerRoles.ModelSpec);
        var spec = ReplicaSpec.FromLabel(record.Labels[DockerLabels.Deployment])!;
        Assert.Equal(1, spec.Gpus);
        var request = Assert.Single(spec.DeviceRequests()!);
        Assert.Equal(1, request.Count);
        Assert.Empty(await scope.Manager.GetReplicasAsync());
    }
}
