using Clipper.Faults.Cluster;
using Clipper.Faults.Faults;
using Clipper.Faults.Load;
using Clipper.Faults.Reporting;
using Clipper.Faults.Running;
using Xunit.Abstractions;

namespace Clipper.Faults.Tests.Faults;

/// <summary>
/// Each fault, injected into a cluster of real processes under a constant load for a few seconds (the long run is
/// bench/faults.sh). Common goals for every fault: no query hung, no process crashed, no configuration lost unless the
/// fault loses it by nature, every default explained, every error one the fault makes unavoidable.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private readonly TextWriter _log = new TestOutputWriter(output);

    [Fact]
    public async Task Run_ReplicaKilledMidBatch_RequeuesOrExplainsItsQueries()
    {
        var result = await RunAsync(new ReplicaKillFault());

        Assert.Equal("1", result.NoteOf("struck_after_batch_start"));
        Assert.Equal(0, result.Load.Errors);
    }

    [Fact]
    public async Task Run_ReplicaStoppedThenResumed_IsDroppedAndServesAgain()
    {
        var result = await RunAsync(new ReplicaStopFault());

        // Three silent heartbeat intervals of 1 s drop the frozen replica, well within the hold.
        Assert.InRange(int.Parse(result.NoteOf("dropped_after_ms")!, System.Globalization.CultureInfo.InvariantCulture), 2_000, 5_000);
        Assert.All(result.Load.DefaultReasons, r => Assert.Equal("objective missed", r.Key));
    }

    [Fact]
    public async Task Run_FrontendKilledAndRestarted_ServesAgainWithItsDowntimeExplained()
    {
        var result = await RunAsync(new FrontendRestartFault());

        Assert.True(result.Load.Errors > 0, "no query met the frontend down: the fault did not land");
        Assert.All(result.Load.ErrorKinds, e => Assert.StartsWith(Explanations.FrontendDown, e.Key, StringComparison.Ordinal));
        Assert.NotEqual("never", result.NoteOf("model_back_ms"));
    }

    [Fact]
    public async Task Run_RedisKilledWithAppendOnlyFile_LosesNothingAndServesThroughout()
    {
        var result = await RunAsync(new RedisRestartFault(appendOnly: true));

        Assert.Equal(3, result.ConfigurationAfter.Total);
        Assert.Equal(result.Load.Sent, result.Load.Model + result.Load.Defaults);
    }

    [Fact]
    public async Task Run_RedisKilledWithoutPersistence_LosesTheConfigurationButServesTheLastSnapshot()
    {
        var result = await RunAsync(new RedisRestartFault(appendOnly: false));

        Assert.Equal(3, result.ConfigurationLost);
        Assert.Equal(0, result.Load.Errors);
        Assert.Equal("served its snapshot throughout", result.NoteOf("frontend"));
    }

    [Fact]
    public async Task Run_ReplicaPartitionedThenHealed_IsDroppedAndReconnects()
    {
        var result = await RunAsync(new PartitionFault());

        Assert.NotEqual("never", result.NoteOf("dropped_after_ms"));
        Assert.NotEqual("never", result.NoteOf("reconnected_after_heal_ms"));
        Assert.Equal(0, result.Load.Errors);
    }

    [Fact]
    public async Task Run_OneReplicaFiveTimesSlower_TakesASmallerShareWithinTheObjective()
    {
        var result = await RunAsync(new SlowReplicaFault());

        var shares = result.NoteOf("answered_share")!.Split('/').Select(s => int.Parse(s.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(shares[^1] < shares[0], $"the slow replica answered {shares[^1]} %, its first peer {shares[0]} %");

        // Within the objective by the frontend's own clock: it answers a query with the default at its deadline, so
        // none defaulted means a model answered every one in time. The client's p99 counts from each query's scheduled
        // send, so a stall of the load client on the shared cores (a full test run) inflates it; the line reports it.
        Assert.True(result.Load.Defaults == 0 && result.Load.Errors == 0 && result.Load.Model == result.Load.Sent, FaultLine.Format(result));
    }

    [Fact]
    public async Task Run_ContainersSendingMalformedFrames_AreClosedAndTheOthersServe()
    {
        var result = await RunAsync(new MalformedFramesFault());

        Assert.Equal(result.NoteOf("garbage_connections"), result.NoteOf("closed_by_frontend"));
        Assert.True(result.Load.Model > 0);
        Assert.Equal(0, result.Load.Errors);
    }

    [Fact]
    public async Task Run_ThreeTimesCapacity_RefusesTheExcessWithRetryAfterAndRecoversWithinASecond()
    {
        var result = await RunTimedAsync(() => new OverloadFault(), _ => true);

        Assert.True(result.Load.Errors > 0, "nothing was refused");
        Assert.All(result.Load.ErrorKinds, e => Assert.Equal("HTTP 503 Model queue full", e.Key));
        Assert.True(int.Parse(result.NoteOf("first_200_after_ms")!, System.Globalization.CultureInfo.InvariantCulture) <= 1_000, FaultLine.Format(result));
        Assert.True(int.Parse(result.NoteOf("last_503_after_ms")!, System.Globalization.CultureInfo.InvariantCulture) <= 1_000, FaultLine.Format(result));
    }

    /// <summary>
    /// A fault whose goals are times measured by the load client, which shares the machine's two cores with the
    /// cluster: a run that met every other goal (nothing hung, crashed or lost) but missed a time by the client's clock
    /// is run once more, both lines written, because a stall of the client itself (its JIT, its GC, a busy core) is
    /// what such a miss most often is. A second miss fails; anything else fails at once.
    /// </summary>
    private async Task<FaultResult> RunTimedAsync(Func<Fault> fault, Func<FaultResult, bool> timesMet)
    {
        var first = await FaultRunner.RunAsync(fault(), new ClusterSpec(), FaultTiming.Short, _log).WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(FaultLine.Format(first));
        if (first.Passed && timesMet(first))
        {
            return first;
        }

        Assert.True(first.Load.Hung == 0 && first.Crashed.Count == 0 && first.ConfigurationLost == 0, FaultLine.Format(first));
        output.WriteLine("missed a time by the client's clock with nothing hung, crashed or lost: running once more");
        var second = await RunAsync(fault());
        Assert.True(timesMet(second), FaultLine.Format(second));
        return second;
    }

    private async Task<FaultResult> RunAsync(Fault fault)
    {
        var result = await FaultRunner.RunAsync(fault, new ClusterSpec(), FaultTiming.Short, _log).WaitAsync(TimeSpan.FromMinutes(3));
        var line = FaultLine.Format(result);
        output.WriteLine(line);
        Assert.True(result.Passed, line);
        return result;
    }
}
