using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>The Redis of a local cluster: its own, kept across restarts, or one given by address.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
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

    [Fact]
    public async Task StartClusterAsync_OwnRedis_ListensOnLoopbackWithAPasswordKeptOwnerOnly()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        var passwordFile = Path.Combine(scope.ClusterDirectory, "redis-password");
        var password = File.ReadAllText(passwordFile).Trim();
        var redis = LocalClusterState.TryLoad(scope.StateFile)!.Children["redis"];

        Assert.StartsWith("127.0.0.1:", addresses.Redis, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(scope.ClusterDirectory, "redis.conf")));
        Assert.Equal(43, password.Length);
        Assert.DoesNotContain(password, File.ReadAllText($"/proc/{redis.Pid}/cmdline"), StringComparison.Ordinal);
        var port = int.Parse(addresses.Redis.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("-NOAUTH", await RedisReply.OfAsync(port, "PING"), StringComparison.Ordinal);
        Assert.StartsWith("+OK", await RedisReply.OfAsync(port, $"AUTH {password}"), StringComparison.Ordinal);

        // The frontends log in with it: the configuration is stored and served.
        await scope.Connection.RegisterApplicationAsync("behind-password", "doubles", "-1.0", 100_000);
        Assert.Equal("behind-password", (await scope.Connection.GetAllAppsAsync())[0].GetString());
    }

    [Fact]
    public async Task StartClusterAsync_RedisWithPasswordGiven_TheFrontendsLogInWithIt()
    {
        var password = Clipper.ModelRpc.Security.ClusterToken.Create().Value;
        await using var redis = await RedisServer.StartAsync(password: password);
        await using var scope = new LocalClusterScope();

        await scope.Connection.StartClipperAsync(new ClusterStartOptions
        {
            RedisAddress = redis.Address,
            RedisPassword = password,
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
        }).WaitAsync(TimeSpan.FromSeconds(90));

        await scope.Connection.RegisterApplicationAsync("external-guarded", "doubles", "-1.0", 100_000);
        Assert.Equal("external-guarded", (await scope.Connection.GetAllAppsAsync())[0].GetString());
        Assert.DoesNotContain(password, File.ReadAllText(scope.StateFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PasswordWithoutRedisAddress_IsRefusedNamingBoth()
    {
        var error = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { RedisPassword = "x" }.Validate());

        Assert.StartsWith("RedisPassword is the password of an existing Redis (RedisAddress, --redis)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RedisPassword = x", new ClusterStartOptions { RedisAddress = "h:1", RedisPassword = "x" }.ToString(), StringComparison.Ordinal);
    }
}
