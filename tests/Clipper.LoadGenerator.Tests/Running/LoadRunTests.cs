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

    [Fact]
    public async Task ClosedLoop_UrlTemplate_EachConnectionStartsAtItsOwnTargetAndTakesThemInTurn()
    {
        await using CountingServer server = await CountingServer.StartAsync();
        Uri[] targets = [new(server.Url, "/a0/predict"), new(server.Url, "/a1/predict"), new(server.Url, "/a2/predict")];
        LoadOptions options = Options(server, 3, rate: null, TimeSpan.FromMilliseconds(300)) with { Targets = targets };

        int exit = await LoadRun.ExecuteAsync(options, CancellationToken.None).WaitAsync(s_runTimeout);

        Assert.Equal(ExitCodes.Ran, exit);

        // Each lane is one connection; its opening request goes to its own first target, the next ones rotate.
        List<string>[] lanes = server.Paths.Values.Where(paths => paths.Count > 1).ToArray();
        Assert.Equal(3, lanes.Length);
        Assert.Equal(["/a0/predict", "/a1/predict", "/a2/predict"], lanes.Select(paths => paths[0]).Order());
        foreach (List<string> paths in lanes)
        {
            int start = Array.FindIndex(targets, t => t.AbsolutePath == paths[0]);
            for (int i = 0; i < paths.Count; i++)
            {
                Assert.Equal(targets[(start + i) % targets.Length].AbsolutePath, paths[i]);
            }
        }
    }

    private static LoadOptions Options(CountingServer server, int connections, double? rate, TimeSpan duration) => new()
    {
        Targets = [server.Url],
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
