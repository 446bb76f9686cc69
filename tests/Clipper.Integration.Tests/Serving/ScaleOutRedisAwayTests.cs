namespace Clipper.Integration.Tests.Serving;

/// <summary>Frontends change while Redis is away: serving goes on from the membership last known, and it converges when Redis is back.</summary>
public sealed class ScaleOutRedisAwayTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Predict_FrontendKilledWhileRedisIsAway_OthersKeepServingAndTheMembershipConvergesWhenRedisIsBack()
    {
        await using var cluster = await FrontendCluster.StartAsync(frontends: 3);
        await using var model = ModelProcess.Start("sleep", "slow", "1", "doubles", cluster.Frontends[0].RpcPort, "--sleep-ms", "2");
        await cluster.WaitUntilEachServesAsync(model);
        FrontendCluster.FrontendHandle[] survivors = [cluster.Frontends[0], cluster.Frontends[2]];
        var loads = survivors.Select(f => PredictLoad.Start(cluster.Http, f.PredictUrl, clients: 4)).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(loads.All(l => l.Served >= 50)), s_timeout);

        cluster.Redis.Pause();
        try
        {
            await cluster.Frontends[1].KillAsync(s_timeout);

            // The container drops the dead frontend on its own and serves the others throughout, past the
            // 3 s lease, though nobody can read or renew a lease meanwhile.
            var servedAtKill = loads.Select(l => l.Served).ToArray();
            var killedAt = DateTime.UtcNow;
            await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("closed the connection", StringComparison.Ordinal)), s_timeout, () => model.Output);
            await Eventually.TrueAsync(
                () => Task.FromResult(DateTime.UtcNow - killedAt > TimeSpan.FromSeconds(4) && loads.Select((l, i) => l.Served - servedAtKill[i]).All(n => n >= 100)),
                s_timeout,
                () => string.Join("; ", loads.Select(l => l.ToString())));
        }
        finally
        {
            cluster.Redis.Resume();
        }

        await Eventually.TrueAsync(
            async () => (await cluster.Store.GetFrontendsAsync()).Select(f => f.Id).SequenceEqual(["qf-0", "qf-2"]),
            s_timeout);

        // The dead frontend's replica record goes too: the replica is recorded on the two survivors only.
        await Eventually.TrueAsync(
            async () => (await cluster.Store.LoadAsync()).Replicas.Values.Select(r => r.FrontendId).Order().SequenceEqual(["qf-0", "qf-2"]),
            s_timeout);
        foreach (var load in loads)
        {
            await load.StopAsync(s_timeout);
            Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        }
    }
}
