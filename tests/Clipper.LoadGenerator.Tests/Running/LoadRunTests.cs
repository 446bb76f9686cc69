using System.Text;
using Clipper.LoadGenerator.Cli;
using Clipper.LoadGenerator.Configuration;
using Clipper.LoadGenerator.Running;

namespace Clipper.LoadGenerator.Tests.Running;

/// <summary>Whole runs over real TCP against <see cref="CountingServer"/>: which connections carried which requests.</summary>
public sealed class LoadRunTests
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OpenLoop_ManyConnections_OpensEveryOneFirstThenUsesEachInTurn()
    {
        await using CountingServer server = await CountingServer.StartAsync();
        const int Connections = 100;

        int exit = await LoadRun.ExecuteAsync(Options(server, Connections, rate: 500, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(s_runTimeout);

        Assert.Equal(ExitCodes.Ran, exit);
        List<long>[] lanes = LaneConnections(server);
        Assert.Equal(Connections, lanes.Length);

        // 500 requests over 100 connections taken in turn: each carries about 5 after its opening request.
        // A pool that reuses the most recently freed connection would leave most of them at their opening one.
        Assert.All(lanes, times => Assert.True(times.Count >= 3, $"a connection carried {times.Count} requests"));

        // Every connection was open (its first request answered) before the first measured request went out.
        long lastOpening = lanes.Max(times => times[0]);
        long firstLoad = lanes.Min(times => times[1]);
        Assert.True(lastOpening < firstLoad);
    }

    [Fact]
    public async Task ClosedLoop_UsesEachConnectionAsAWorker()
    {
        await using CountingServer server = await CountingServer.StartAsync();

        int exit = await LoadRun.ExecuteAsync(Options(server, 4, rate: null, TimeSpan.FromMilliseconds(300)), CancellationToken.None).WaitAsync(s_runTimeout);

        Assert.Equal(ExitCodes.Ran, exit);
        List<long>[] lanes = LaneConnections(server);
        Assert.Equal(4, lanes.Length);
        Assert.All(lanes, times => Assert.True(times.Count >= 2, $"a connection carried {times.Count} requests"));
    }

    private static LoadOptions Options(CountingServer server, int connections, double? rate, TimeSpan duration) => new()
    {
        Url = server.Url,
        Body = Encoding.UTF8.GetBytes(LoadOptions.DefaultBody),
        Connections = connections,
        Rate = rate,
        Duration = duration,
        Warmup = TimeSpan.Zero,
        Json = true,
    };

    // The probe's connection carries one request and is closed before the lanes open theirs; the lanes' carry more.
    private static List<long>[] LaneConnections(CountingServer server) =>
        server.Requests.Values.Where(times => times.Count > 1).ToArray();
}
