using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Model processes joining a real frontend over real TCP from this machine's non-loopback address: with the cluster's join
/// token they serve; without it, or with another, they are refused and serve nothing.
/// </summary>
public sealed class JoinTokenTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly ClusterToken _token = ClusterToken.Create();

    [Fact]
    public async Task Serve_ContainerWithTheClustersToken_JoinsFromBeyondLoopbackAndAnswers()
    {
        await using var cluster = await ServingCluster.StartAsync(options => { options.BindAddress = "0.0.0.0"; options.JoinToken = _token; });
        await cluster.DeployAsync("app", "sum", "1", "doubles");

        cluster.StartModelAt(LocalAddresses.NonLoopbackIPv4().ToString(), new Dictionary<string, string> { ["CLIPPER_JOIN_TOKEN"] = _token.Value }, "sum", "sum", "1", "doubles");

        await Eventually.TrueAsync(
            async () => (await cluster.PredictAsync("app", """{"input": [1.5, 2.5]}""")).Body.GetProperty("default").GetBoolean() == false,
            s_timeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_ContainerWithoutTheToken_IsRefusedAndItsQueriesGetTheDefault(bool sendsAnotherToken)
    {
        await using var cluster = await ServingCluster.StartAsync(options => { options.BindAddress = "0.0.0.0"; options.JoinToken = _token; });
        await cluster.DeployAsync("app", "sum", "1", "doubles", sloMicros: 200_000);
        var environment = sendsAnotherToken ? new Dictionary<string, string> { ["CLIPPER_JOIN_TOKEN"] = ClusterToken.Create().Value } : [];

        var model = cluster.StartModelAt(LocalAddresses.NonLoopbackIPv4().ToString(), environment, "sum", "sum", "1", "doubles");

        // The container reports the frontend's refusal (its Goodbye) in its log, and keeps retrying with back-off.
        var expected = sendsAnotherToken ? "not this cluster's" : "sent no join token";
        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains(expected, StringComparison.Ordinal)), s_timeout, () => model.Output);
        var (_, answer, _) = await cluster.PredictAsync("app", """{"input": [1.5, 2.5]}""");
        Assert.True(answer.GetProperty("default").GetBoolean(), answer.ToString());
        Assert.DoesNotContain(_token.Value, model.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_FrontendWithoutTokenAndContainerBeyondLoopback_IsRefusedLoopbackOnly()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.BindAddress = "0.0.0.0");
        await cluster.DeployAsync("app", "sum", "1", "doubles");

        var model = cluster.StartModelAt(LocalAddresses.NonLoopbackIPv4().ToString(), new Dictionary<string, string>(), "sum", "sum", "1", "doubles");

        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("accepts containers from loopback only", StringComparison.Ordinal)), s_timeout, () => model.Output);
    }
}
