using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Clipper's own containers carry no join token, so a real frontend accepts them by address: from loopback always, from
/// elsewhere only from the networks its operator allows. The container runs as a real Python process connecting over real
/// TCP from this machine's non-loopback address.
/// </summary>
public sealed class ClipperNetworkTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Connect_ClipperContainerBeyondLoopbackByDefault_IsRefusedCountedAndNamed()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.BindAddress = "0.0.0.0");
        await cluster.DeployAsync("app", "echo", "1", "doubles", sloMicros: 200_000);
        var address = LocalAddresses.NonLoopbackIPv4().ToString();

        await using var container = ClipperContainerProcess.StartAt(address, "sum", "echo", "1", "doubles", cluster.RpcPort);

        await Eventually.TrueAsync(async () => await cluster.CounterAsync("refused_containers") >= 1, s_timeout, () => container.Output);
        using var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(cluster.Http, $"http://127.0.0.1:{cluster.HttpPort}/metrics"));
        var refusal = metrics.RootElement.GetProperty("refused_containers")[0];
        Assert.Equal("clipper-zmq", refusal.GetProperty("protocol").GetString());
        Assert.StartsWith(address + ":", refusal.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Clipper containers are accepted from loopback only (option ClipperContainerNetworks, flag --clipper-networks)", refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var (_, answer, _) = await cluster.PredictAsync("app", """{"input": [1.5, 2.5]}""");
        Assert.True(answer.GetProperty("default").GetBoolean(), answer.ToString());
    }

    [Theory]
    [InlineData("address")]
    [InlineData("attached")]
    [InlineData("any")]
    public async Task Connect_ClipperContainerFromAnAllowedNetwork_Serves(string allowed)
    {
        var address = LocalAddresses.NonLoopbackIPv4().ToString();
        await using var cluster = await ServingCluster.StartAsync(options =>
        {
            options.BindAddress = "0.0.0.0";
            options.ClipperContainerNetworks = [allowed == "address" ? address + "/32" : allowed];
        });
        await cluster.DeployAsync("app", "echo", "1", "doubles");

        await using var container = ClipperContainerProcess.StartAt(address, "sum", "echo", "1", "doubles", cluster.RpcPort);

        var answer = await cluster.PredictUntilServedAsync("app", """{"input": [1.5, 2.5]}""");
        Assert.Equal(4.0, answer.GetProperty("output").GetDouble());
        Assert.Equal(0, await cluster.CounterAsync("refused_containers"));
    }
}
