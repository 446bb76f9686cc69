using System.Diagnostics;
using Clipper.ContainerManagers.Local;

namespace Clipper.Integration.Tests.Admin;

/// <summary>Clusters whose supervisor is gone: their children are ended, and nobody else's process is touched.</summary>
public sealed class StaleClusterTests
{
    [Fact]
    public async Task StopAllAsync_SupervisorKilled_EndsItsChildren()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"));
        var state = LocalClusterState.TryLoad(scope.StateFile)!;
        Assert.Equal(4, state.Children.Count);

        Process.GetProcessById(state.Supervisor.Pid).Kill();
        await Serving.Eventually.TrueAsync(() => Task.FromResult(!state.Supervisor.IsAlive()), TimeSpan.FromSeconds(10));

        await scope.Manager.StopAllAsync();

        foreach (var (id, child) in state.Children)
        {
            Assert.False(child.IsAlive(), $"{id} (pid {child.Pid}) outlived its supervisor and stop-all");
        }

        Assert.False(File.Exists(scope.StateFile));
    }

    [Fact]
    public async Task StopAllAsync_StaleStateFileWithReusedPids_LeavesThoseProcessesAlone()
    {
        await using var scope = new LocalClusterScope();
        using var stranger = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            // As after a reboot: the recorded pids were reused by processes that started at another time.
            var reused = new ProcessRecord(stranger.Id, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            new LocalClusterState
            {
                Cluster = scope.Name,
                Supervisor = reused,
                ControlPort = 1,
                ControlToken = "stale",
                Children = new Dictionary<string, ProcessRecord> { ["query-frontend"] = reused },
            }.Save(scope.StateFile);

            await scope.StartAsync();
            await scope.Manager.StopAllAsync();

            Assert.False(stranger.HasExited, "a process that merely reused a recorded pid was ended");
        }
        finally
        {
            stranger.Kill();
        }
    }

    [Fact]
    public async Task StopModelsAsync_ReplicaStartedAProcess_StopsItToo()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        var pidFile = Path.Combine(scope.StateRoot, "grandchild.pid");
        var wrapper = new Clipper.ContainerManagers.ModelArtifact(["sh", "-c", $"sleep 300 & echo $! > '{pidFile}'; wait"]);

        await scope.Manager.DeployModelAsync(new Clipper.ContainerManagers.ModelDeployment { Model = new("wrapped", "1"), InputType = "doubles", Artifact = wrapper });
        await Serving.Eventually.TrueAsync(() => Task.FromResult(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0), TimeSpan.FromSeconds(30));
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessTable.IsAlive(grandchild));

        await scope.Manager.StopModelsAsync([new("wrapped", "1")]);

        Assert.False(ProcessTable.IsAlive(grandchild), "the process the replica started outlived it");
    }

    [Fact]
    public async Task DeployModelAsync_ProgramDoesNotExist_FailsWithoutRestarting()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();

        var failure = await Assert.ThrowsAsync<Clipper.Admin.Connection.ClipperException>(() =>
            scope.Connection.DeployModelAsync("ghost", "1", "doubles", new Clipper.ContainerManagers.ModelArtifact(["/no/such/model"])));

        Assert.Contains("(none: it could not be started)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("cannot run '/no/such/model'", failure.Message, StringComparison.Ordinal);
    }
}
