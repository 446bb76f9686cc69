namespace Clipper.ContainerManagers.Local;

/// <summary>One query frontend of a local cluster, as the supervisor runs it and its state file records it.</summary>
/// <param name="Index">1 for the first frontend (whose RPC port model replicas are started with), 2, 3... for the others.</param>
/// <param name="PartId">Its process id in the cluster (<c>query-frontend</c>, <c>query-frontend-2</c>...); its log file is named after it.</param>
/// <param name="FrontendId">The id it announces itself under in Redis: <c>CLUSTER-PARTID</c>.</param>
/// <param name="HttpPort">Its own HTTP port on 127.0.0.1 (beside the query port that every frontend shares).</param>
/// <param name="RpcPort">Its RPC port on 127.0.0.1.</param>
internal sealed record LocalFrontend(int Index, string PartId, string FrontendId, int HttpPort, int RpcPort)
{
    /// <summary>The part id of frontend <paramref name="index"/>: the first keeps the name a one-frontend cluster always had.</summary>
    public static string PartIdOf(int index) =>
        index == 1 ? "query-frontend" : "query-frontend-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Its gRPC port on 127.0.0.1 (<c>--grpc-port</c>), or null when the cluster serves no gRPC.</summary>
    public int? GrpcPort { get; init; }

    /// <summary>Whether it serves HTTPS (the cluster was started with TLS).</summary>
    public bool Https { get; init; }

    /// <summary>Its own HTTP base address.</summary>
    public Uri HttpAddress => new((Https ? "https" : "http") + "://127.0.0.1:" + HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
