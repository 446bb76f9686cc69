using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>The Redis of a local cluster: its own, kept across restarts, or one given by address.</summary>
public sealed class LocalClusterRedisTests
{
    [Fact]
    public async Task StartClusterAsync_OwnRedisKilled_RestartsItKeepingTheConfiguration()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        await scope.Connection.RegisterApplicationAsync("kept", "doubles", "-1.0", 100_000);
        var redis = LocalClusterState.TryLoad(scope.StateFile)!.Children["redis"];

        System.Diagnostics.Process.GetProcessById(redis.Pid).Kill();

        await Eventually.TrueAsync(
            () => Task.FromResult(LocalClusterState.TryLoad(scope.StateFile)?.Children.GetValueOrDefault("redis") is { } now && now.Pid != redis.Pid && now.IsAlive()),
            TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    var apps = await scope.Connection.GetAllAppsAsync();
                    return apps.GetArrayLength() == 1 && apps[0].GetString() == "kept";
                }
                catch (Clipper.Admin.Connection.ClipperException)
                {
                    return false; // the management frontend answers 503 until it has reconnected
                }
            },
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task StartClusterAsync_RedisAddressGiven_UsesItAndRunsNoRedisOfItsOwn()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var scope = new LocalClusterScope();

        var addresses = await scope.Connection.StartClipperAsync(new ClusterStartOptions
        {
            RedisAddress = redis.Address,
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
        }).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(redis.Address, addresses.Redis);
        Assert.DoesNotContain("redis", LocalClusterState.TryLoad(scope.StateFile)!.Children.Keys);
        await scope.Connection.RegisterApplicationAsync("external", "strings", "none", 100_000);
        Assert.Equal("external", (await scope.Connection.GetAllAppsAsync())[0].GetString());
    }
}
