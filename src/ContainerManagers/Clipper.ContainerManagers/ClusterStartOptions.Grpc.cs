using System.Globalization;

namespace Clipper.ContainerManagers;

/// <content>The Open Inference Protocol's gRPC port of the query frontends.</content>
public sealed partial record ClusterStartOptions
{
    /// <summary>
    /// The query frontends' gRPC port (the Open Inference Protocol's <c>inference.GRPCInferenceService</c>, HTTP/2), or
    /// null (the default) for none. Local and Docker managers: the first frontend takes it on 127.0.0.1 (0: 8001 when free,
    /// else a free port), every other frontend a free port of its own. Kubernetes: 0 only; every query pod serves gRPC on
    /// 8001, behind the query Service's port <c>grpc</c> (a node port for NodePort); another value is refused.
    /// </summary>
    public int? GrpcPort { get; init; }

    private void ValidateGrpc()
    {
        if (GrpcPort is < 0 or > 65535)
        {
            throw new ContainerManagerException(string.Create(CultureInfo.InvariantCulture,
                $"{nameof(GrpcPort)} was {GrpcPort}; expected a TCP port from 1 to 65535, or 0 to have one chosen."));
        }
    }
}
