using System.Diagnostics;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Tests.Measurement;

public sealed class LaneStatsTests
{
    [Fact]
    public async Task Record_FromLanesSharingOneGroupAtOnce_CountsEveryRecord()
    {
        var stats = new LaneStats(TimeSpan.FromSeconds(5));
        const int Lanes = 8;
        const int PerLane = 20_000;

        var lanes = new Task[Lanes];
        for (int lane = 0; lane < Lanes; lane++)
        {
            lanes[lane] = Task.Run(() =>
            {
                for (int i = 0; i < PerLane; i++)
                {
                    stats.RecordSent();
                    stats.RecordAnswer(isDefault: i % 4 == 0, Stopwatch.Frequency / 1000);
                    stats.RecordSendDelay(Stopwatch.Frequency / 10_000);
                    stats.RecordErrorStatus(503);
                    stats.RecordErrorKind("timeout");
                }
            });
        }

        await Task.WhenAll(lanes).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Lanes * PerLane, stats.Sent);
        Assert.Equal(Lanes * PerLane / 4, stats.Defaults);
        Assert.Equal(Lanes * PerLane * 3 / 4, stats.Ok);
        Assert.Equal(Lanes * PerLane, stats.Latency.TotalCount);
        Assert.Equal(Lanes * PerLane, stats.SendDelay.TotalCount);
        Assert.Equal(Lanes * PerLane, stats.ErrorStatuses[503]);
        Assert.Equal(Lanes * PerLane, stats.ErrorKinds["timeout"]);
    }
}
