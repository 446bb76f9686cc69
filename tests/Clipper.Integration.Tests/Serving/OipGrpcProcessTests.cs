using System.Net;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;
using Grpc.Core;
using Inference;
using static Clipper.Integration.Tests.Serving.OipGrpcClient;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// <c>clipper query-frontend --grpc-port</c> as its own process: h2c without a certificate, h2 over TLS with one, each
/// listener serving its own protocol only, and a bad port refused before start naming the flag.
/// </summary>
public sealed class OipGrpcProcessTests : IDisposable
{
    // How a client reports a connection that failed below gRPC (no HTTP/2 over TLS, a refused certificate).
    private static readonly StatusCode[] s_transportFailures = [StatusCode.Unavailable, StatusCode.Internal];

    private readonly DirectoryInfo _stateRoot = Directory.CreateTempSubdirectory("clipper-grpc-");

    public void Dispose() => _stateRoot.Delete(recursive: true);

    [Theory]
    [InlineData("70000", "--grpc-port: GrpcPort was 70000; expected a TCP port from 1 to 65535, or 0 for a free port.")]
    [InlineData("-1", "--grpc-port: GrpcPort was -1; expected a TCP port from 1 to 65535, or 0 for a free port.")]
    public async Task QueryFrontend_GrpcPortOutOfRange_FailsNamingTheFlagAndTheValue(string value, string expected)
    {
        await CliRunner.FailsAsync(_stateRoot.FullName, ["query-frontend", "--redis", "127.0.0.1:1", "--grpc-port", value], expected);
    }

    [Fact]
    public async Task QueryFrontend_GrpcPortWithoutTls_ServesInferenceOverH2cAndNothingElse()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        var grpcPort = FreePort.Next();
        await using var frontend = await FrontendProcess.StartAsync(cluster.Redis.Address, FreePort.Next(), FreePort.Next(), cluster.Http, "--grpc-port", grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var model = ModelProcess.Start("sum", "sum", "1", "doubles", frontend.RpcPort);
        using var client = Plain(grpcPort);

        var answer = await client.InferUntilServedAsync(Doubles("sum", "p", [1, 2], [3, 4]));
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var restOnGrpcPort = await h2c.GetAsync(new Uri($"http://127.0.0.1:{grpcPort}/v2"));
        using var onHttpPort = Plain(frontend.HttpPort);
        var grpcOnHttpPort = await Assert.ThrowsAsync<RpcException>(async () => await onHttpPort.Service.ServerLiveAsync(new ServerLiveRequest(), Call()));

        Assert.Equal(["3", "7"], Outputs(answer));
        Assert.Equal(HttpStatusCode.NotFound, restOnGrpcPort.StatusCode);
        Assert.NotEqual(StatusCode.OK, grpcOnHttpPort.StatusCode);
    }

    [Fact]
    public async Task QueryFrontend_GrpcPortWithTls_ServesH2OverTlsToClientsTrustingItsCa()
    {
        using var files = TestCertificates.Create();
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        using var trust = TlsTrust.FromCaFile(files.CaPath);
        using var https = new HttpClient(trust.CreateHttpHandler()) { Timeout = TestTimeouts.Default };
        var grpcPort = FreePort.Next();
        await using var frontend = await FrontendProcess.StartHttpsAsync(cluster.Redis.Address, FreePort.Next(), FreePort.Next(), https,
            "--tls-cert", files.CertificatePath, "--tls-key", files.KeyPath, "--grpc-port", grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var client = Tls(grpcPort, files.CaPath);
        using var plain = Plain(grpcPort);
        using var otherCa = Tls(grpcPort, files.OtherCaPath);

        var live = await client.Service.ServerLiveAsync(new ServerLiveRequest(), Call());
        await Eventually.TrueAsync(async () => (await client.Service.ServerReadyAsync(new ServerReadyRequest(), Call())).Ready, TestTimeouts.Default, () => frontend.Output);

        // No replica serves the model on this frontend: the row is answered with the app's default, marked as such.
        var answer = await client.InferAsync(Doubles("sum", "t", [1, 2]));
        var overH2c = await Assert.ThrowsAsync<RpcException>(async () => await plain.Service.ServerLiveAsync(new ServerLiveRequest(), Call()));
        var untrusted = await Assert.ThrowsAsync<RpcException>(async () => await otherCa.Service.ServerLiveAsync(new ServerLiveRequest(), Call()));

        Assert.True(live.Live);
        Assert.Equal(["default"], Outputs(answer));
        Assert.Equal("0", answer.Outputs[0].Parameters["default_rows"].StringParam);
        Assert.Contains(overH2c.StatusCode, s_transportFailures);
        Assert.Contains(untrusted.StatusCode, s_transportFailures);
        Assert.Contains("certificate", untrusted.Status.DebugException?.ToString() ?? untrusted.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
