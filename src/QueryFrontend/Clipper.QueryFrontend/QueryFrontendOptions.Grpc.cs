namespace Clipper.QueryFrontend;

/// <content>The Open Inference Protocol's gRPC transport, on a port of its own.</content>
public sealed partial class QueryFrontendOptions
{
    /// <summary>
    /// The port of the Open Inference Protocol's gRPC service (<c>inference.GRPCInferenceService</c>): HTTP/2 only, on
    /// <see cref="BindAddress"/>, h2 over TLS when a certificate is configured (<see cref="TlsCertificatePath"/>), else
    /// h2c. 0 picks a free port. Default none: no gRPC listener.
    /// </summary>
    public int? GrpcPort { get; set; }

    private void ValidateGrpc()
    {
        if (GrpcPort is not { } port)
        {
            return;
        }

        if (port is < 0 or > 65535)
        {
            throw OptionErrors.OutOfRange(nameof(GrpcPort), port, "a TCP port from 1 to 65535, or 0 for a free port");
        }

        if (port != 0)
        {
            var clash = port == HttpPort ? nameof(HttpPort) : port == RpcPort ? nameof(RpcPort) : port == SharedHttpPort ? nameof(SharedHttpPort) : null;
            if (clash is not null)
            {
                throw OptionErrors.OutOfRange(nameof(GrpcPort), port, $"a port of its own; {clash} is {port} too (gRPC takes HTTP/2 only, on a listener of its own)");
            }
        }
    }
}
