using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using Inference;
using static Clipper.Integration.Tests.Serving.OipGrpcClient;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// A Docker cluster started with a gRPC port: every query frontend serves the Open Inference Protocol over gRPC on 8001
/// inside its container, published on 127.0.0.1 only (the first on the port asked for, scaled ones on free ports), with
/// the host port in a label of the manager's own that another process reads back.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerGrpcTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task StartClusterAsync_WithGrpcPort_EachFrontendServesInferenceOnItsOwnLoopbackGrpcPort()
    {
        await using var scope = new DockerClusterScope();
        var grpcPort = FreePort.Next();
        var addresses = await scope.StartAsync(configure: o => o with { GrpcPort = grpcPort });
        Assert.Equal("127.0.0.1:" + Text(grpcPort), addresses.Grpc);

        using var docker = DockerEngine.Connect();
        var first = await docker.Containers.InspectContainerAsync(scope.Name + "-query").WaitAsync(s_timeout);
        Assert.Contains("--grpc-port 8001", string.Join(' ', first.Config.Cmd), StringComparison.Ordinal);
        Assert.Equal(Text(grpcPort), first.Config.Labels["ai.clipper.grpc.port"]);
        Assert.Equal(Text(addresses.Query.Port), first.Config.Labels["ai.clipper.query_frontend.query.port"]);
        var binding = Assert.Single(first.HostConfig.PortBindings["8001/tcp"]);
        Assert.Equal(("127.0.0.1", Text(grpcPort)), (binding.HostIP, binding.HostPort));

        await scope.Connection.DeployModelAsync("sum", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum"), replicas: 1).WaitAsync(s_timeout);
        await scope.RegisterAdderAsync("sum");
        await AnswersAsync(grpcPort, [1, 2], "3");

        // Another process (the command line) finds the gRPC address in the label.
        using (var status = JsonDocument.Parse(await CliRunner.OkAsync(scope.StateRoot, ["status", "--output", "json", .. scope.CliArguments])))
        {
            Assert.Equal("127.0.0.1:" + Text(grpcPort), status.RootElement.GetProperty("addresses").GetProperty("grpc").GetString());
        }

        await scope.Connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        var second = await docker.Containers.InspectContainerAsync(scope.Name + "-query-1").WaitAsync(s_timeout);
        var secondPort = int.Parse(second.Config.Labels["ai.clipper.grpc.port"], CultureInfo.InvariantCulture);
        Assert.NotEqual(grpcPort, secondPort);
        Assert.NotEqual(addresses.Query.Port, secondPort);
        Assert.Equal("127.0.0.1", Assert.Single(second.HostConfig.PortBindings["8001/tcp"]).HostIP);
        Assert.DoesNotContain("ai.clipper.query_frontend.label", second.Config.Labels.Keys);
        await Eventually.TrueAsync(async () => (await scope.Connection.GetQueryFrontendsAsync()).All(f => f.Replicas.GetValueOrDefault("sum:1") == 1), s_timeout);
        await AnswersAsync(secondPort, [2, 2], "4");
        Assert.Equal("127.0.0.1:" + Text(grpcPort), (await scope.Manager.ConnectAsync().WaitAsync(s_timeout)).Grpc);

        // Published on the loopback only: this machine's other addresses refuse the ports.
        foreach (var address in OtherAddresses())
        {
            foreach (var port in new[] { grpcPort, secondPort })
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var refused = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(10)));
                Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            }
        }
    }

    [Fact]
    public async Task StartClusterAsync_WithGrpcPortAndTls_ServesH2OverTlsWithTheFrontendsCertificate()
    {
        using var files = TestCertificates.Create();
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync(configure: o => o with { GrpcPort = 0, TlsCertificatePath = files.CertificatePath, TlsKeyPath = files.KeyPath, TlsCaPath = files.CaPath });

        using var docker = DockerEngine.Connect();
        var first = await docker.Containers.InspectContainerAsync(scope.Name + "-query").WaitAsync(s_timeout);
        var port = int.Parse(first.Config.Labels["ai.clipper.grpc.port"], CultureInfo.InvariantCulture);
        Assert.Equal("127.0.0.1:" + Text(port), addresses.Grpc);
        using var tls = Tls(port, addresses.TlsCaPath!);
        Assert.True((await tls.Service.ServerReadyAsync(new ServerReadyRequest(), Call())).Ready);

        // Plain HTTP/2 is not spoken on it.
        using var plain = Plain(port);
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await plain.Service.ServerReadyAsync(new ServerReadyRequest(), Call()));
    }

    [Fact]
    public async Task StartClusterAsync_WithoutGrpcPort_PublishesNoGrpcPort()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync();

        using var docker = DockerEngine.Connect();
        var first = await docker.Containers.InspectContainerAsync(scope.Name + "-query").WaitAsync(s_timeout);
        Assert.Null(addresses.Grpc);
        Assert.DoesNotContain("--grpc-port", first.Config.Cmd);
        Assert.DoesNotContain("ai.clipper.grpc.port", first.Config.Labels.Keys);
        Assert.DoesNotContain("8001/tcp", first.HostConfig.PortBindings.Keys);
        Assert.Null((await scope.Manager.ConnectAsync().WaitAsync(s_timeout)).Grpc);
    }

    private static async Task AnswersAsync(int port, double[] row, string expected)
    {
        using var client = Plain(port);
        Assert.True((await client.Service.ServerReadyAsync(new ServerReadyRequest(), Call())).Ready);
        Assert.Equal([expected], Outputs(await client.InferUntilServedAsync(Doubles("sum", "docker", row))));
    }

    /// <summary>This machine's IPv4 addresses other than the loopback's.</summary>
    private static List<IPAddress> OtherAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))];

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
