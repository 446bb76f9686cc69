using Clipper.ContainerManagers.Kubernetes;
using k8s.Models;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

public sealed class KubernetesGpuTests
{
    [Fact]
    public void AddGpus_Count_LimitsTheContainerToThatManyNvidiaGpusKeepingOtherResources()
    {
        var container = new V1Container { Name = "model", Resources = KubernetesObjects.Resources(0.5, null) };

        KubernetesObjects.AddGpus(container, 2);

        Assert.Equal("2", container.Resources!.Limits["nvidia.com/gpu"].ToString());
        Assert.True(container.Resources.Limits.ContainsKey("cpu"));
    }

    [Fact]
    public void AddGpus_None_LeavesTheContainerAlone()
    {
        var container = new V1Container { Name = "model" };

        KubernetesObjects.AddGpus(container, 0);

        Assert.Null(container.Resources);
    }
}
