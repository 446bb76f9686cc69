using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ReplicaSwarm.Swarm;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// One frontend with many replica connections over many models (issue 18's many-replicas goal in short): real ModelRpc
/// containers, all in this process, through the swarm bench tool's core.
/// </summary>
public sealed class ManyReplicasTests
{
    private const int Models = 20;
    private const int ReplicasPerModel = 10;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Swarm_TwoHundredReplicasOverTwentyModels_AllCountedAndEveryModelAnswers()
    {
        await using var cluster = await ServingCluster.StartAsync();
        for (var i = 0; i < Models; i++)
        {
            await cluster.DeployAsync("a" + i, "m" + i, "1", "doubles", cacheBytes: 0);
        }

        await using var swarm = NoopSwarm.Start(new SwarmOptions { Host = "127.0.0.1", Port = cluster.RpcPort, Models = Models, ReplicasPerModel = ReplicasPerModel });
        var connection = await swarm.WaitConnectedAsync(s_timeout);
        Assert.True(connection.AllConnected, $"{connection.Connected} of {connection.Replicas} replicas connected");

        // The frontend's own count: every connection is a replica of its model there.
        Dictionary<string, int> perModel = [];
        await Eventually.TrueAsync(
            async () =>
            {
                perModel = await ReplicasPerModelAsync(cluster);
                return perModel.Count == Models && perModel.Values.All(n => n == ReplicasPerModel);
            },
            s_timeout,
            () => "replicas per model: " + string.Join(", ", perModel.Select(p => p.Key + "=" + p.Value)));

        for (var i = 0; i < Models; i++)
        {
            var body = await cluster.PredictUntilServedAsync("a" + i, """{"input": [1.0, 2.0]}""");
            Assert.Equal("1.0", body.GetProperty("output").GetRawText());
        }

        Assert.Equal(Models * ReplicasPerModel, swarm.ConnectedCount);
    }

    private static async Task<Dictionary<string, int>> ReplicasPerModelAsync(ServingCluster cluster)
    {
        var metrics = await MetricsJson.GetAsync(cluster.Http, $"http://127.0.0.1:{cluster.HttpPort}/metrics");
        var counts = new Dictionary<string, int>();
        foreach (var replica in metrics.GetProperty("replicas").EnumerateArray())
        {
            var model = replica.GetProperty("model").GetString()!;
            counts[model] = counts.GetValueOrDefault(model) + 1;
        }

        return counts;
    }
}
