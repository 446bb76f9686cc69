using Clipper.Faults.Cluster;
using Clipper.Faults.Soak;
using Clipper.Faults.Tests.Faults;
using Xunit.Abstractions;

namespace Clipper.Faults.Tests.Soak;

/// <summary>The soak's short form: a minute and a quarter with a replica killed every 10 s and Redis restarted once (the hour is bench/soak.sh).</summary>
[Collection(FaultCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_ReplicasKilledAndRedisRestartedUnderLoad_NoQueryHangsAndNothingCrashes()
    {
        var settings = new SoakSettings
        {
            Duration = TimeSpan.FromSeconds(75),
            Rate = 300,
            KillEvery = TimeSpan.FromSeconds(10),
            RedisEvery = TimeSpan.FromSeconds(40),
            SampleEvery = TimeSpan.FromSeconds(5),
        };

        var result = await SoakRun.RunAsync(settings, new ClusterSpec(), new TestOutputWriter(output)).WaitAsync(TimeSpan.FromMinutes(4));
        var summary = SoakRun.Format(result, settings);
        output.WriteLine(summary);

        Assert.True(result.Problems.Count == 0, summary);
        Assert.Equal(0, result.Load.Hung);
        Assert.Empty(result.Crashed);
        Assert.InRange(result.ReplicaKills, 6, 8);
        Assert.Equal(1, result.RedisRestarts);
        Assert.Contains(result.Trends, t => t.Process == "query-frontend" && t.Samples >= 6);
    }
}
