using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>The whole life of a local cluster through <see cref="ClipperConnection"/>, with real processes.</summary>
public sealed class LocalClusterLifecycleTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartClusterAsync_FullLifecycle_ServesScalesRollsBackCollectsLogsAndStopsEverything()
    {
        await using var scope = new LocalClusterScope();
        var connection = scope.Connection;
        var addresses = await scope.StartAsync();

        await connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 2_000_000);
        await connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"), replicas: 2);
        await connection.LinkModelToAppAsync("adder", "sum");
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2, 3]", "6");
        Assert.Equal(2, await connection.GetNumReplicasAsync("sum"));

        await connection.SetNumReplicasAsync("sum", 3);
        Assert.Equal(3, await connection.GetNumReplicasAsync("sum", "1"));
        Assert.Equal(3, CountConnected(await connection.GetAllModelReplicasAsync(verbose: true), "sum", "1"));
        await connection.SetNumReplicasAsync("sum", 1);
        Assert.Equal(1, CountConnected(await connection.GetAllModelReplicasAsync(verbose: true), "sum", "1"));

        // A second version becomes current; rolling back sends queries to the first again.
        await connection.DeployModelAsync("sum", "2", "doubles", LocalClusterScope.Example("echo"));
        Assert.Equal("2", await connection.GetCurrentModelVersionAsync("sum"));
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2, 3]", "[1,2,3]");
        await connection.SetModelVersionAsync("sum", "1");
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2, 3]", "6");

        var logs = Path.Combine(scope.StateRoot, "collected");
        var files = await connection.GetClipperLogsAsync(logs);
        Assert.Contains(files, f => Path.GetFileName(f) == "query-frontend.log");
        Assert.Contains(files, f => Path.GetFileName(f) == "sum_1-1.log");

        await connection.StopModelsAsync(["sum"]);
        Assert.Empty(await scope.Manager.GetReplicasAsync());
        await Eventually.TrueAsync(async () => CountConnected(await connection.GetAllModelReplicasAsync(verbose: true), "sum", "1") == 0, s_settle);

        var recorded = scope.RecordedProcesses();
        Assert.True(recorded.Count >= 4, $"expected the supervisor, Redis and two frontends recorded, got {recorded.Count}");
        await connection.StopAllAsync();
        Assert.False(File.Exists(scope.StateFile));
        foreach (var pid in recorded)
        {
            Assert.False(Clipper.ContainerManagers.Local.ProcessTable.IsAlive(pid), $"process {pid} survived stop-all");
        }
    }

    [Fact]
    public async Task DeployModelAsync_ModelExitsAtOnce_FailsWithItsExitCodeAndLastLogLines()
    {
        await using var scope = new LocalClusterScope(deployTimeout: TimeSpan.FromSeconds(90));
        await scope.StartAsync();
        var broken = new ModelArtifact(["sh", "-c", "echo 'cannot load weights from /nowhere' >&2; exit 3"]);

        var started = DateTime.UtcNow;
        var failure = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.DeployModelAsync("broken", "1", "doubles", broken, replicas: 2));

        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains("cannot load weights from /nowhere", failure.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the deploy should fail as soon as a replica exits, not at its timeout");

        // Nothing crash-loops afterwards.
        Assert.Empty(await scope.Manager.GetReplicasAsync());
    }

    [Fact]
    public async Task DeployModelAsync_GpusOnAMachineWithout_RefusesAtOnceNamingWhatWasFoundAndStartsNothing()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        Assert.Empty(Clipper.ContainerManagers.Local.LocalGpus.Find());

        var started = DateTime.UtcNow;
        var failure = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.DeployModelAsync("gpu", "1", "doubles", LocalClusterScope.Example("noop"), gpus: 1));

        Assert.Contains("gpu:1 asks for 1 GPU(s) per replica, but no GPU is visible on this machine", failure.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the refusal should come at once");
        Assert.Empty(await scope.Manager.GetReplicasAsync());
    }

    [Fact]
    public async Task DeployModelAsync_NewVersionFails_RollsBackToTheVersionThatServed()
    {
        await using var scope = new LocalClusterScope(deployTimeout: TimeSpan.FromSeconds(90));
        var addresses = await scope.StartAsync();
        await scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 2_000_000);
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"));
        await scope.Connection.LinkModelToAppAsync("adder", "sum");

        var failure = await Assert.ThrowsAsync<ClipperException>(() =>
            scope.Connection.DeployModelAsync("sum", "2", "doubles", new ModelArtifact(["sh", "-c", "exit 4"])));

        Assert.Contains("exited with code 4", failure.Message, StringComparison.Ordinal);
        Assert.Contains("sum answers with version 1 again", failure.Message, StringComparison.Ordinal);
        Assert.Equal("1", await scope.Connection.GetCurrentModelVersionAsync("sum"));
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2, 3]", "6");
    }

    [Fact]
    public async Task DeployModelAsync_ReplicasNeverConnect_FailsAtTheTimeoutNamingHowManyConnected()
    {
        await using var scope = new LocalClusterScope(deployTimeout: TimeSpan.FromSeconds(3));
        await scope.StartAsync();
        var silent = new ModelArtifact(["sh", "-c", "echo 'waiting for a GPU that never comes'; exec sleep 300"]);

        var failure = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.DeployModelAsync("silent", "1", "doubles", silent));

        Assert.Contains("silent:1 has 0 of 1 replicas connected to the query frontend after 3 s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("waiting for a GPU that never comes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployModelAsync_ReplicaCrashes_IsRestartedAndTheRestartIsVisible()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        await scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 2_000_000);
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"));
        await scope.Connection.LinkModelToAppAsync("adder", "sum");
        var replica = Assert.Single(await scope.Manager.GetReplicasAsync());

        System.Diagnostics.Process.GetProcessById(replica.ProcessId!.Value).Kill();

        await Eventually.TrueAsync(
            async () => (await scope.Manager.GetReplicasAsync()) is [{ Restarts: 1, State: ReplicaState.Running, ProcessId: not null } restarted] && restarted.ProcessId != replica.ProcessId,
            s_settle);
        Assert.Equal(137, (await scope.Manager.GetReplicasAsync())[0].LastExitCode);
        await LocalClusterScope.AnswersAsync(addresses.Query, "[2, 2]", "4");
        var log = await scope.Manager.GetLogTailAsync(replica.Id, 50);
        Assert.Contains(log, line => line.Contains("[supervisor] exited with code 137", StringComparison.Ordinal));

        // An exit before the scale is history, not a failure of the scale: the healthy replica stays.
        await scope.Connection.SetNumReplicasAsync("sum", 2);
        Assert.Equal(2, await scope.Connection.GetNumReplicasAsync("sum"));
    }

    [Fact]
    public async Task StartClusterAsync_ClusterAlreadyRunning_IsRefusedAndLeavesItRunning()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();

        var refusal = await Assert.ThrowsAsync<ClipperException>(() => scope.StartAsync());

        Assert.Contains("already running", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(addresses, await scope.Manager.ConnectAsync());

        // The supervisor runs commands on request: without the token of the owner-only state file it refuses.
        var state = Clipper.ContainerManagers.Local.LocalClusterState.TryLoad(scope.StateFile)!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var anonymous = await http.GetAsync($"http://127.0.0.1:{state.ControlPort}/status");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(scope.StateFile));
        }
    }

    private static int CountConnected(JsonElement replicas, string model, string version)
    {
        var count = 0;
        foreach (var replica in replicas.EnumerateArray())
        {
            if (replica.GetProperty("model_name").GetString() == model && replica.GetProperty("model_version").GetString() == version)
            {
                count++;
            }
        }

        return count;
    }
}
