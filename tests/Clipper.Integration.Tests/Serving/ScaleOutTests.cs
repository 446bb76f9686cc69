using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Several query frontends over one Redis, as separate processes, with real model containers: every
/// container connects to every frontend, and its concurrency holds across them.
/// </summary>
public sealed partial class ScaleOutTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Predict_OneReplicaThreeFrontends_EveryFrontendAnswersFromTheModelAndPredictCallsNeverOverlap()
    {
        await using var cluster = await FrontendCluster.StartAsync(frontends: 3);
        await using var model = ModelProcess.Start("sleep", "slow", "1", "doubles", cluster.Frontends[0].RpcPort, "--sleep-ms", "3", "--log-batches");
        await cluster.WaitUntilEachServesAsync(model);

        var loads = cluster.Frontends.Select(f => PredictLoad.Start(cluster.Http, f.PredictUrl, clients: 6)).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(loads.All(l => l.Served >= 50)), s_timeout, () => string.Join("\n", loads.Select(l => l.ToString())) + "\n" + model.Output + string.Concat(cluster.Frontends.Select(f => "\n=== " + f.Id + "\n" + f.Process.Output)));
        foreach (var load in loads)
        {
            await load.StopAsync(s_timeout);
            Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        }

        var peaks = PeakPattern().Matches(model.Output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(peaks.Count >= 10, $"the model logged {peaks.Count} batches");
        Assert.Equal(1, peaks.Max());
        Assert.Equal(3, WelcomePattern().Matches(model.Output).Select(m => m.Groups[1].Value).Distinct().Count());
    }

    [Fact]
    public async Task Predict_EqualLoadOnThreeFrontendsSharingOneReplica_EachGetsAnEqualShareOfModelAnswers()
    {
        await using var cluster = await FrontendCluster.StartAsync(frontends: 3);
        await using var model = ModelProcess.Start("sleep", "slow", "1", "doubles", cluster.Frontends[0].RpcPort, "--sleep-ms", "4", "--sleep-per-item-us", "200");
        await cluster.WaitUntilEachServesAsync(model);

        // The replica is the bottleneck: each frontend's queue is never empty, so the share of its
        // capacity each one gets is the container's choice alone.
        var loads = cluster.Frontends.Select(f => PredictLoad.Start(cluster.Http, f.PredictUrl, clients: 8)).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(loads.All(l => l.Served >= 100)), s_timeout);
        var before = loads.Select(l => l.Served).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(loads.Select((l, i) => l.Served - before[i]).Sum() >= 3000), TimeSpan.FromSeconds(60));
        var shares = loads.Select((l, i) => (double)(l.Served - before[i])).ToArray();
        foreach (var load in loads)
        {
            await load.StopAsync(s_timeout);
            Assert.True(load.Failures.Count == 0, load.ToString());
        }

        var mean = shares.Average();
        var described = string.Join(", ", shares.Select(s => s.ToString("0", CultureInfo.InvariantCulture)));
        Assert.True(shares.All(s => Math.Abs(s - mean) <= 0.10 * mean), $"model answers per frontend: {described} (each must be within 10 % of {mean:0})");
    }

    [Fact]
    public async Task Predict_FrontendKilledUnderLoad_OtherFrontendsLoseNothingAndItLeavesTheMembershipWithinTheLease()
    {
        await using var cluster = await FrontendCluster.StartAsync(frontends: 3);
        await using var first = ModelProcess.Start("sleep", "slow", "1", "doubles", cluster.Frontends[0].RpcPort, "--sleep-ms", "2");
        await using var second = ModelProcess.Start("sleep", "slow", "1", "doubles", cluster.Frontends[1].RpcPort, "--sleep-ms", "2");
        await cluster.WaitUntilEachServesAsync(first, second);
        var survivors = cluster.Frontends.Skip(1).Select(f => PredictLoad.Start(cluster.Http, f.PredictUrl, clients: 6)).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(survivors.All(l => l.Served >= 50)), s_timeout);

        await cluster.Frontends[0].KillAsync(s_timeout);
        var killedAt = DateTime.UtcNow;
        var servedAtKill = survivors.Select(l => l.Served).ToArray();
        await Eventually.TrueAsync(async () => (await cluster.Store.GetFrontendsAsync()).Count == 2, TimeSpan.FromSeconds(10));
        var leftAfter = DateTime.UtcNow - killedAt;

        // The replicas kept serving the others throughout: keep the load on a little longer, then look.
        await Eventually.TrueAsync(() => Task.FromResult(survivors.Select((l, i) => l.Served - servedAtKill[i]).All(n => n >= 200)), s_timeout);
        foreach (var load in survivors)
        {
            await load.StopAsync(s_timeout);
            Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        }

        Assert.True(leftAfter < TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(1.5), $"the killed frontend left the membership after {leftAfter.TotalSeconds:0.0} s (lease 3 s)");
        Assert.DoesNotContain(cluster.Frontends[0].Id, (await cluster.Store.GetFrontendsAsync()).Select(f => f.Id));
    }

    [GeneratedRegex(@"running \d+, peak (\d+)")]
    private static partial Regex PeakPattern();

    [GeneratedRegex(@"Welcomed by frontend (\S+) as replica")]
    private static partial Regex WelcomePattern();
}
