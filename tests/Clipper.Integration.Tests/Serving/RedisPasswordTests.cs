using System.Globalization;
using System.Net;
using System.Text.Json;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Frontends in front of a real <c>redis-server</c> that requires a password: a frontend process given it (a mode-600
/// file, or a <c>redis://</c> URL) follows the configuration; one given a wrong password says so in its log; a
/// management frontend logs in the same way. Bad addresses and files fail at start, naming the flag.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RedisPasswordTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("clipper-redis-password-");
    private readonly string _password = ClusterToken.Create().Value;

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("file")]
    [InlineData("url")]
    public async Task QueryFrontend_WithThePassword_FollowsTheConfiguration(string how)
    {
        await using var redis = await RedisServer.StartAsync(password: _password);
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:", options => options.RedisPassword = _password);
        Assert.Equal(HttpStatusCode.OK, (await management.PostAsync("add_app", new { name = "guarded", input_type = "doubles", default_output = "-1.0", latency_slo_micros = 100_000 })).Status);
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var file = WritePasswordFile(_password);
        var (address, login) = how == "file"
            ? (redis.Address, new[] { "--redis-password-file", file })
            : ($"redis://:{Uri.EscapeDataString(_password)}@{redis.Address}", []);

        await using var frontend = await FrontendProcess.StartAsync(address, FreePort.Next(), FreePort.Next(), http, login);

        // An application the frontend knows is answered (with its default: no model is linked); an unknown one is 404.
        var url = $"http://127.0.0.1:{frontend.HttpPort.ToString(CultureInfo.InvariantCulture)}/guarded/predict";
        await Eventually.TrueAsync(async () =>
        {
            using var response = await http.PostAsync(url, new StringContent("""{"input": [1.0]}"""));
            return response.StatusCode == HttpStatusCode.OK;
        }, TestTimeouts.Default, () => frontend.Output);
        Assert.DoesNotContain(_password, frontend.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryFrontend_WrongPassword_SaysRedisRefusedTheLoginWithoutShowingIt()
    {
        await using var redis = await RedisServer.StartAsync(password: _password);
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var wrong = ClusterToken.Create().Value;

        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http, "--redis-password-file", WritePasswordFile(wrong));

        await Eventually.TrueAsync(
            () => Task.FromResult(frontend.Output.Contains($"Cannot connect to Redis at {redis.Address} yet; retrying in the background: Redis refused the login", StringComparison.Ordinal)),
            TestTimeouts.Default,
            () => frontend.Output);
        Assert.DoesNotContain(wrong, frontend.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_password, frontend.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementFrontend_WithThePassword_StoresInThatRedis()
    {
        await using var redis = await RedisServer.StartAsync(password: _password);
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, configure: options => options.RedisPassword = _password);

        var added = await management.PostAsync("add_app", new { name = "stored", input_type = "doubles", default_output = "-1.0", latency_slo_micros = 100_000 });
        var apps = await management.PostAsync("get_all_applications", new { verbose = false });

        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("stored", JsonDocument.Parse(apps.Body).RootElement[0].GetString());
    }

    [Theory]
    [InlineData("query-frontend")]
    [InlineData("management-frontend")]
    public async Task Frontend_PasswordFileReadableByOthers_FailsNamingTheFileAndTheMode(string command)
    {
        var file = WritePasswordFile(_password);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await CliRunner.FailsAsync(_folder.FullName, [command, "--redis", "127.0.0.1:1", "--redis-password-file", file], $"The Redis password file '{file}' can be read or written by other users; expected a file only its owner can use (chmod 600 '{file}').");
    }

    [Theory]
    [InlineData("query-frontend", "127.0.0.1", "--redis: '127.0.0.1' is not a Redis address; expected HOST:PORT (such as 127.0.0.1:6379) or redis://[[USER]:PASSWORD@]HOST[:PORT].")]
    [InlineData("query-frontend", "rediss://:pw@127.0.0.1:6380", "--redis: 'redis://…@127.0.0.1:6380' asks for TLS to Redis (rediss://), which is not supported")]
    [InlineData("management-frontend", "redis://127.0.0.1:6379/3", "--redis: 'redis://127.0.0.1:6379/3' has a path, query or fragment")]
    [InlineData("management-frontend", "redis://user@127.0.0.1:6379", "names a user but no password")]
    public async Task Frontend_BadRedisAddress_FailsNamingTheFlagAndWhatIsExpected(string command, string address, string expected)
    {
        await CliRunner.FailsAsync(_folder.FullName, [command, "--redis", address], expected);
    }

    [Fact]
    public async Task Frontend_PasswordInUrlAndFile_FailsAskingForOne()
    {
        await CliRunner.FailsAsync(
            _folder.FullName,
            ["query-frontend", "--redis", "redis://:one@127.0.0.1:1", "--redis-password-file", WritePasswordFile(_password)],
            "--redis carries a password and --redis-password-file gives another; give one of them.");
    }

    [Theory]
    [InlineData(new[] { "--redis-password", "secret-of-no-redis" }, "--redis-password and --redis-password-file are for a Redis given with --redis")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--redis-password", "" }, "--redis-password is empty")]
    [InlineData(new[] { "--redis", "redis://:a@127.0.0.1:1", "--redis-password", "b" }, "--redis carries a password and --redis-password gives another")]
    [InlineData(new[] { "--redis", "redis://alice:a@127.0.0.1:1" }, "--redis: a cluster's frontends log in to Redis as its default user")]
    public async Task Start_BadRedisPassword_FailsBeforeStartingAnything(string[] flags, string expected)
    {
        await CliRunner.FailsAsync(_folder.FullName, ["start", "--cluster", "never-started", .. flags], expected);
        Assert.False(Directory.Exists(Path.Combine(_folder.FullName, "clusters", "never-started", "logs")));
    }

    private string WritePasswordFile(string password)
    {
        var path = Path.Combine(_folder.FullName, "redis-password-" + Guid.NewGuid().ToString("N"));
        SecretFile.Write(path, password);
        return path;
    }
}
