namespace Clipper.QueryFrontend.Tests;

/// <summary>The gRPC port option: off by default, and a bad value named with the option and what was expected.</summary>
public sealed class QueryFrontendOptionsGrpcTests
{
    [Fact]
    public void Validate_Default_HasNoGrpcPort()
    {
        var options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:6379" };

        options.Validate();

        Assert.Null(options.GrpcPort);
    }

    [Theory]
    [InlineData(-1, "GrpcPort was -1; expected a TCP port from 1 to 65535, or 0 for a free port.")]
    [InlineData(65536, "GrpcPort was 65536; expected a TCP port from 1 to 65535, or 0 for a free port.")]
    [InlineData(1337, "GrpcPort was 1337; expected a port of its own; HttpPort is 1337 too (gRPC takes HTTP/2 only, on a listener of its own).")]
    [InlineData(7000, "GrpcPort was 7000; expected a port of its own; RpcPort is 7000 too (gRPC takes HTTP/2 only, on a listener of its own).")]
    public void Validate_GrpcPortOutOfRangeOrTaken_NamesTheOptionTheValueAndWhatIsExpected(int port, string message)
    {
        var options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:6379", GrpcPort = port };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(nameof(QueryFrontendOptions.GrpcPort), error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
