using Clipper.ContainerManagers.Networking;

namespace Clipper.ContainerManagers.Docker;

/// <content>
/// The Open Inference Protocol's gRPC port of the query frontends (<see cref="ClusterStartOptions.GrpcPort"/>): each serves it
/// inside its container on <see cref="GrpcPortInside"/>, published on a loopback port of the host recorded in
/// <see cref="DockerLabels.GrpcPort"/>; with TLS it serves h2 over TLS with the HTTP port's certificate, else h2c.
/// </content>
internal sealed partial class DockerCluster
{
    /// <summary>The gRPC port inside every query frontend container, and the host port preferred for the first.</summary>
    private const int GrpcPortInside = 8001;

    /// <summary>
    /// The host ports of the frontends' gRPC listeners, by index: the first on the requested port (0: 8001 when free,
    /// else a free port), the others on free ports; null for each when the cluster serves no gRPC.
    /// </summary>
    private static int?[] PickGrpcPorts(int? requested, int frontends, ISet<int> taken)
    {
        var ports = new int?[frontends];
        if (requested is not { } first)
        {
            return ports;
        }

        ports[0] = PortPicker.Pick("gRPC", first, GrpcPortInside, taken);
        for (var i = 1; i < frontends; i++)
        {
            ports[i] = PortPicker.PickFree(taken);
        }

        return ports;
    }

    /// <summary>Adds the gRPC listener to a query frontend's command, ports and labels; nothing when <paramref name="hostPort"/> is null.</summary>
    private static void AddGrpc(int? hostPort, List<string> command, Dictionary<int, int> ports, Dictionary<string, string> labels)
    {
        if (hostPort is not { } port)
        {
            return;
        }

        command.AddRange(["--grpc-port", Inside(GrpcPortInside)]);
        ports[GrpcPortInside] = port;
        labels[DockerLabels.GrpcPort] = Inside(port);
    }

    /// <summary>The gRPC address (<c>127.0.0.1:PORT</c>) a query frontend's labels record; null when it serves no gRPC.</summary>
    private static string? GrpcAddressOf(IDictionary<string, string> labels) =>
        TryPort(labels, DockerLabels.GrpcPort, out var port) ? GrpcAddress(port) : null;

    /// <summary>The gRPC address of a frontend published on host port <paramref name="port"/>; null for none.</summary>
    private static string? GrpcAddress(int? port) => port is { } published ? "127.0.0.1:" + Inside(published) : null;
}
