using System.Globalization;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// A Docker cluster's own Redis is published on this machine's loopback only and requires a password the manager made
/// at start: kept owner-only on this machine and root-only in the containers, on no command line; every frontend,
/// including one added later, logs in with it.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
[SupportedOSPlatform("linux")]
public sealed class DockerRedisPasswordTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task StartClusterAsync_OwnRedis_RequiresAPasswordThatEveryFrontendHas()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync();
        var hostCopy = Path.Combine(scope.StateRoot, "docker", scope.Name, "redis-password");
        var password = File.ReadAllText(hostCopy).Trim();
        var port = int.Parse(addresses.Redis.Split(':')[1], CultureInfo.InvariantCulture);

        Assert.StartsWith("127.0.0.1:", addresses.Redis, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hostCopy));
        Assert.StartsWith("-NOAUTH", await RedisReply.OfAsync(port, "PING"), StringComparison.Ordinal);
        Assert.StartsWith("+OK", await RedisReply.OfAsync(port, "AUTH " + password), StringComparison.Ordinal);
        using (var docker = new global::Docker.DotNet.DockerClientConfiguration().CreateClient())
        {
            foreach (var part in new[] { "-redis", "-management", "-query" })
            {
                var inspect = await docker.Containers.InspectContainerAsync(scope.Name + part).WaitAsync(s_timeout);
                Assert.DoesNotContain(password, string.Join(' ', inspect.Config.Cmd ?? []) + string.Join(' ', inspect.Config.Env ?? []), StringComparison.Ordinal);
            }
        }

        // A frontend added later reads the password back and follows the configuration too.
        var frontends = await scope.Connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        await scope.Connection.RegisterApplicationAsync("behind-password", "doubles", "-1.0", 100_000).WaitAsync(s_timeout);
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        Assert.Equal(2, frontends.Count);
        foreach (var frontend in frontends)
        {
            // A known application is answered (with its default: no model is linked); an unknown one would be 404.
            await Serving.Eventually.TrueAsync(async () =>
            {
                using var response = await http.PostAsync(new Uri(frontend.HttpAddress, "behind-password/predict"), new StringContent("""{"input": [1.0]}"""));
                return response.StatusCode == System.Net.HttpStatusCode.OK;
            }, s_timeout, () => $"frontend {frontend.Id} at {frontend.HttpAddress} does not know the application");
        }
    }
}
