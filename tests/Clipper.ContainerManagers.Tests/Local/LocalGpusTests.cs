using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Tests.Local;

public sealed class LocalGpusTests : IDisposable
{
    private readonly string _devices = Directory.CreateTempSubdirectory("clipper-dev-").FullName;

    public void Dispose() => Directory.Delete(_devices, recursive: true);

    [Fact]
    public void Find_DeviceFiles_ListsNumberedGpusOnlyInOrder()
    {
        foreach (var name in new[] { "nvidia1", "nvidia0", "nvidiactl", "nvidia-uvm", "nvidia10", "null" })
        {
            File.WriteAllText(Path.Combine(_devices, name), "");
        }

        Assert.Equal([0, 1, 10], LocalGpus.Find(_devices));
    }

    [Fact]
    public void Require_NoGpuVisible_RefusesSayingWhatWasFoundAndWhatToDo()
    {
        var error = Assert.Throws<ContainerManagerException>(() => LocalGpus.Require(Deployment(gpus: 1), LocalGpus.Find(_devices)));

        Assert.Contains("m:1 asks for 1 GPU(s) per replica, but no GPU is visible on this machine (no /dev/nvidiaN device", error.Message, StringComparison.Ordinal);
        Assert.Contains("Deploy without --gpus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_MoreGpusThanTheMachineHas_RefusesNamingTheDevices()
    {
        var error = Assert.Throws<ContainerManagerException>(() => LocalGpus.Require(Deployment(gpus: 3), [0, 1]));

        Assert.Contains("asks for 3 GPU(s) per replica; this machine has 2 (/dev/nvidia0, /dev/nvidia1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_NegativeCount_Refuses()
    {
        var error = Assert.Throws<ContainerManagerException>(() => LocalGpus.Require(Deployment(gpus: -1), [0]));

        Assert.Contains("expected 0 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_NoGpusAsked_AcceptsAMachineWithout()
    {
        LocalGpus.Require(Deployment(gpus: 0), []);
    }

    [Fact]
    public void DevicesOf_ReplicasTakeTurns()
    {
        int[] available = [0, 1, 2];

        Assert.Equal("0", LocalGpus.DevicesOf(1, 1, available));
        Assert.Equal("1", LocalGpus.DevicesOf(1, 2, available));
        Assert.Equal("0", LocalGpus.DevicesOf(1, 4, available));
        Assert.Equal("0,1", LocalGpus.DevicesOf(2, 1, available));
        Assert.Equal("2,0", LocalGpus.DevicesOf(2, 2, available));
    }

    private static ModelDeployment Deployment(int gpus) => new()
    {
        Model = new ModelVersionId("m", "1"),
        InputType = "doubles",
        Artifact = new ModelArtifact(["true"]),
        Gpus = gpus,
    };
}
