using System.Formats.Tar;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Serving;
using Clipper.ModelRpc.Security;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// A Docker cluster started with TLS: the frontends serve HTTPS with the certificate copied in (its key root-only), the
/// example replica joins over TLS with the CA, the command line finds https and the CA without flags, and a frontend
/// added by scale-frontends gets the same files.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
[SupportedOSPlatform("linux")]
public sealed class DockerTlsTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task StartClusterAsync_WithTls_ServesHttpsReplicasJoinOverTlsAndAddedFrontendsToo()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync(configure: o => o with { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.KeyPath, TlsCaPath = _files.CaPath });
        var clientCa = Path.Combine(scope.StateRoot, "docker", scope.Name, "tls-ca.pem");
        Assert.Equal(Uri.UriSchemeHttps, addresses.Query.Scheme);
        Assert.Equal(Uri.UriSchemeHttps, addresses.Management.Scheme);
        Assert.Equal(clientCa, addresses.TlsCaPath);
        Assert.Equal(File.ReadAllText(_files.CaPath).Trim(), File.ReadAllText(clientCa).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(scope.StateRoot, "docker", scope.Name, "tls-key.pem")));

        using var docker = DockerEngine.Connect();
        foreach (var part in new[] { "-management", "-query" })
        {
            var inspect = await docker.Containers.InspectContainerAsync(scope.Name + part).WaitAsync(s_timeout);
            Assert.Equal("on", inspect.Config.Labels["ai.clipper.tls"]);
            Assert.Contains("--tls-cert /run/clipper/tls-cert.pem --tls-key /run/clipper/tls-key.pem", string.Join(' ', inspect.Config.Cmd), StringComparison.Ordinal);
            Assert.Equal((UnixFileMode)0b100_000_000, await ModeAsync(docker, scope.Name + part, "/run/clipper/tls-key.pem"));
            Assert.Equal((UnixFileMode)0b100_100_100, await ModeAsync(docker, scope.Name + part, "/run/clipper/tls-cert.pem"));
        }

        await scope.Connection.DeployModelAsync("sum", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum"), replicas: 1).WaitAsync(s_timeout);
        await scope.RegisterAdderAsync("sum");
        await AnswersOverTlsAsync(addresses.Query, "[1, 2]", "3");

        // The replica dialled the frontend by container name and checked the certificate for 127.0.0.1 with the CA copied in.
        var replica = await docker.Containers.InspectContainerAsync(scope.Name + "-sum_1-0").WaitAsync(s_timeout);
        Assert.Contains("CLIPPER_TLS_CA=/run/clipper/tls-ca.pem", replica.Config.Env);
        Assert.Contains("CLIPPER_TLS_SERVER_NAME=127.0.0.1", replica.Config.Env);
        Assert.Equal((UnixFileMode)0b100_100_100, await ModeAsync(docker, scope.Name + "-sum_1-0", "/run/clipper/tls-ca.pem"));
        var log = string.Join('\n', await scope.Manager.GetLogTailAsync("sum_1-0", 200));
        Assert.True(log.Contains(":7000 over TLS (Tls", StringComparison.Ordinal) && log.Contains($"Welcomed by frontend {scope.Name}-query ", StringComparison.Ordinal), log);

        // Plain HTTP and another CA are refused.
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new UriBuilder(addresses.Query) { Scheme = "http" }.Uri.ToString() + "metrics"));
        }

        using (var other = TlsTrust.FromCaFile(_files.OtherCaPath))
        using (var wrong = new HttpClient(other.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) })
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => wrong.GetAsync(new Uri(addresses.Query, "metrics")));
        }

        // The command line finds https and the CA on its own.
        var status = await CliRunner.OkAsync(scope.StateRoot, ["status", .. scope.CliArguments]);
        Assert.Contains($"tls         HTTPS and TLS for replicas; CA {clientCa}", status, StringComparison.Ordinal);
        Assert.Contains("\"output\":5,", await CliRunner.OkAsync(scope.StateRoot, ["predict", "adder", "[2, 3]", .. scope.CliArguments]), StringComparison.Ordinal);

        // A frontend added later serves HTTPS with the same files, and the replica joins it over TLS.
        var two = await scope.Connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        Assert.Equal(Uri.UriSchemeHttps, two[1].HttpAddress.Scheme);
        var added = await docker.Containers.InspectContainerAsync(scope.Name + "-query-1").WaitAsync(s_timeout);
        Assert.Equal("on", added.Config.Labels["ai.clipper.tls"]);
        Assert.Equal((UnixFileMode)0b100_000_000, await ModeAsync(docker, scope.Name + "-query-1", "/run/clipper/tls-key.pem"));
        await Eventually.TrueAsync(async () => (await scope.Connection.GetQueryFrontendsAsync()).All(f => f.Replicas.GetValueOrDefault("sum:1") == 1), s_timeout);
        await AnswersOverTlsAsync(two[1].HttpAddress, "[4, 5]", "9");
        Assert.All(await scope.Manager.GetQueryFrontendsAsync(), f => Assert.Equal(Uri.UriSchemeHttps, f.Scheme));
    }

    /// <summary>Predicts through <paramref name="query"/> over HTTPS, verified with the test CA, until the replica answers.</summary>
    private async Task AnswersOverTlsAsync(Uri query, string input, string output)
    {
        using var trust = TlsTrust.FromCaFile(_files.CaPath);
        using var http = new HttpClient(trust.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        var last = "";
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await http.PostAsJsonAsync(new Uri(query, "adder/predict"), new { input = System.Text.Json.JsonDocument.Parse(input).RootElement });
                last = await response.Content.ReadAsStringAsync();
                return last.Contains("\"output\":" + output + ",", StringComparison.Ordinal) && last.Contains("\"default\":false", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(60),
            () => "last answer: " + last);
    }

    /// <summary>The mode of a file in a container, read from the engine's archive of it.</summary>
    private static async Task<UnixFileMode> ModeAsync(global::Docker.DotNet.IDockerClient docker, string container, string path)
    {
        var response = await docker.Containers.GetArchiveFromContainerAsync(container, new GetArchiveFromContainerParameters { Path = path }, statOnly: false).WaitAsync(s_timeout);
        await using var stream = response.Stream;
        await using var tar = new TarReader(stream);
        var entry = await tar.GetNextEntryAsync() ?? throw new InvalidOperationException($"{container} has no {path}");
        return entry.Mode & (UnixFileMode)0b111_111_111;
    }
}
