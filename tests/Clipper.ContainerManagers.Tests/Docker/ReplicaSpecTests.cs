using Clipper.ContainerManagers.Docker;

namespace Clipper.ContainerManagers.Tests.Docker;

public sealed class ReplicaSpecTests
{
    [Fact]
    public void DeviceRequests_Gpus_AskAnyDriverForThatManyGpuCapableDevices()
    {
        var spec = ReplicaSpec.Create("img", "sha256:1", null, "doubles", new Dictionary<string, string>(), healthCheck: false, gpus: 2);

        var request = Assert.Single(spec.DeviceRequests()!);

        Assert.Equal("", request.Driver);
        Assert.Equal(2, request.Count);
        Assert.Equal(["gpu"], Assert.Single(request.Capabilities));
    }

    [Fact]
    public void DeviceRequests_NoGpus_None()
    {
        Assert.Null(ReplicaSpec.Create("img", "sha256:1", null, "doubles", new Dictionary<string, string>(), healthCheck: false).DeviceRequests());
    }

    [Fact]
    public void FromLabel_GpusRoundTrip_AndALabelWrittenBeforeGpusReadsAsNone()
    {
        var spec = ReplicaSpec.Create("img", "sha256:1", ["a"], "doubles", new Dictionary<string, string> { ["B"] = "1" }, healthCheck: true, gpus: 1);

        Assert.Equal(1, ReplicaSpec.FromLabel(spec.ToLabel())!.Gpus);
        var older = """{"Image":"img","ImageId":"sha256:1","Command":null,"InputType":"doubles","Environment":{},"HealthCheck":false}""";
        Assert.Equal(0, ReplicaSpec.FromLabel(older)!.Gpus);
    }
}
