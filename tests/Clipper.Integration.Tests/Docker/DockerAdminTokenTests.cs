using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers.Docker;
using Clipper.Integration.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// A Docker cluster's management API is reached through a published port, so its callers are not loopback to it: they
/// need the admin token the manager made at start, kept owner-only on this machine and root-only in the container.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
[SupportedOSPlatform("linux")]
public sealed class DockerAdminTokenTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task StartClusterAsync_MakesATokenThatTheApiRequiresAndThatAnotherProcessFinds()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync();
        string hostCopy = Path.Combine(scope.StateRoot, "docker", scope.Name, "admin-token");
        using var http = new HttpClient { Timeout = s_timeout };

        Assert.NotNull(addresses.AdminToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(hostCopy));
        using (var anonymous = await PostAsync(http, addresses.Management, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var wrong = await PostAsync(http, addresses.Management, "not-the-token-of-this-cluster"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var right = await PostAsync(http, addresses.Management, addresses.AdminToken.Value))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        // Another process: a new manager for the same cluster finds the token in the host's copy.
        using (var other = new ClipperConnection(NewManager(scope)))
        {
            var connected = await other.ConnectAsync().WaitAsync(s_timeout);
            Assert.True(connected.AdminToken!.Matches(addresses.AdminToken.Value));
            await other.RegisterApplicationAsync("guarded", "doubles", "-1", 100_000).WaitAsync(s_timeout);
        }

        // A process on a machine without the host's copy reads it from the management container, where only root may.
        File.Delete(hostCopy);
        using (var remote = new ClipperConnection(NewManager(scope)))
        {
            var connected = await remote.ConnectAsync().WaitAsync(s_timeout);
            Assert.True(connected.AdminToken!.Matches(addresses.AdminToken.Value));
        }

        var (mode, uid) = await TokenFileInContainerAsync(scope);
        Assert.Equal(UnixFileMode.UserRead, mode);
        Assert.Equal(0, uid);
    }

    [Fact]
    public async Task StopAll_RemovesTheHostsCopyOfTheToken()
    {
        await using var scope = new DockerClusterScope();
        await scope.StartAsync();
        string hostCopy = Path.Combine(scope.StateRoot, "docker", scope.Name, "admin-token");
        Assert.True(File.Exists(hostCopy));

        await scope.Connection.StopAllAsync(graceful: false).WaitAsync(s_timeout);

        Assert.False(File.Exists(hostCopy));
    }

    private static DockerContainerManager NewManager(DockerClusterScope scope) => new(new DockerClusterOptions
    {
        ClusterName = scope.Name,
        ClipperDirectory = AppContext.BaseDirectory,
        StateRoot = scope.StateRoot,
    });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri management, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(management, "admin/get_all_applications"))
        {
            Content = new StringContent("""{"verbose": false}""", Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request).WaitAsync(s_timeout);
    }

    private static async Task<(UnixFileMode Mode, int Uid)> TokenFileInContainerAsync(DockerClusterScope scope)
    {
        using var docker = DockerEngine.Connect();
        var archive = await docker.Containers.GetArchiveFromContainerAsync(scope.Name + "-management", new GetArchiveFromContainerParameters { Path = "/run/clipper/admin-token" }, statOnly: false).WaitAsync(s_timeout);
        await using var stream = archive.Stream;
        await using var tar = new TarReader(stream);
        var entry = await tar.GetNextEntryAsync().AsTask().WaitAsync(s_timeout) ?? throw new InvalidOperationException("The archive of the token file is empty.");
        return (entry.Mode, entry.Uid);
    }
}
