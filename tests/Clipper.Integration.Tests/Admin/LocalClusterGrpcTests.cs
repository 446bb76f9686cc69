using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using static Clipper.Integration.Tests.Serving.OipGrpcClient;

namespace Clipper.Integration.Tests.Admin;

/// <summary><c>clipper start --grpc-port</c> on the local manager: every query frontend serves the Open Inference Protocol over gRPC, each on a port of its own.</summary>
public sealed class LocalClusterGrpcTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_GrpcPortFromTheCli_EachFrontendServesInferenceOnItsOwnGrpcPort()
    {
        await using var scope = new LocalClusterScope();
        var grpcPort = FreePort.Next();
        string[] cluster = ["--cluster", scope.Name];
        var started = await CliRunner.OkAsync(scope.StateRoot, [
            "start", "--frontends", "2", "--grpc-port", Text(grpcPort), "--query-port", Text(FreePort.Next()), "--management-port", Text(FreePort.Next()),
            "--rpc-port", Text(FreePort.Next()), .. cluster]);
        await scope.Connection.ConnectAsync().WaitAsync(s_timeout);
        await scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 5_000_000).WaitAsync(s_timeout);
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"), replicas: 1).WaitAsync(s_timeout);
        await scope.Connection.LinkModelToAppAsync("adder", "sum").WaitAsync(s_timeout);
        int?[] ports;
        using (var state = JsonDocument.Parse(await File.ReadAllTextAsync(scope.StateFile)))
        {
            ports = [.. state.RootElement.GetProperty("Frontends").EnumerateArray().Select(f => f.TryGetProperty("GrpcPort", out var p) ? p.GetInt32() : (int?)null)];
        }

        Assert.Contains($"grpc        127.0.0.1:{Text(grpcPort)}", started, StringComparison.Ordinal);
        Assert.Equal(2, ports.Length);
        Assert.Equal(grpcPort, ports[0]);
        Assert.NotNull(ports[1]);
        Assert.NotEqual(ports[0], ports[1]);
        foreach (var port in ports)
        {
            using var client = Plain(port!.Value);
            Assert.Equal(["3"], Outputs(await client.InferUntilServedAsync(Doubles("sum", "local", [1, 2]))));
        }
    }

    [Fact]
    public async Task Start_NonZeroGrpcPortOnKubernetes_FailsNamingTheServicePortBeforeReachingTheCluster()
    {
        await using var scope = new LocalClusterScope();

        await CliRunner.FailsAsync(scope.StateRoot, ["start", "--manager", "kubernetes", "--kubeconfig", Path.Combine(scope.StateRoot, "none"), "--grpc-port", "8001", "--cluster", "grpck"],
            "GrpcPort (--grpc-port) is 8001; on Kubernetes the query frontends serve gRPC on port 8001 of the query Service grpck-query (port `grpc`; with --service-type NodePort, on a node port Kubernetes chooses): give 0.");
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
