namespace Clipper.ContainerManagers.Tests;

/// <summary>The frontends' gRPC port: off by default, 0 or a TCP port, anything else refused naming the value.</summary>
public sealed class ClusterStartOptionsGrpcTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_GrpcPortOutOfRange_IsRefusedNamingTheValueAndTheRange(int port)
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { GrpcPort = port }.Validate());

        Assert.Equal($"GrpcPort was {port}; expected a TCP port from 1 to 65535, or 0 to have one chosen.", refused.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(8001)]
    public void Validate_GrpcPortOffOrInRange_IsAccepted(int? port)
    {
        new ClusterStartOptions { GrpcPort = port }.Validate();
    }
}
