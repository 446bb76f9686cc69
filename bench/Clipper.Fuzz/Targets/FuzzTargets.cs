namespace Clipper.Fuzz.Targets;

/// <summary>Every target, by name: the afl entry point and the corpus replay test both take them from here.</summary>
public static class FuzzTargets
{
    /// <summary>All targets, in the order the README lists them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("frame", "ModelRpc FrameReader, then each frame's body by its type (MessageCodec, BatchResponseReader)", FrameTarget.Run),
        new("handshake", "ModelRpc MessageCodec.TryReadHello / TryReadWelcome / TryReadGoodbye, with write-read round trips", HandshakeTarget.Run),
        new("batch", "ModelRpc BatchRequestDecoder for the five input types, and BatchResponseReader", BatchTarget.Run),
        new("predict-body", "QueryFrontend PredictRequestParser for the five input types", PredictBodyTarget.Run),
        new("management-request", "Admin JsonRequest and ManagementRequests, every operation's body", ManagementRequestTarget.Run),
        new("zmtp", "QueryFrontend ZMTP greeting and READY handshake (ZmtpHandshake.State)", ZmtpTarget.Run),
        new("clipper-rpc", "QueryFrontend ClipperFrames and ClipperMessageReader after the handshake", ClipperRpcTarget.Run),
    ];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name) =>
        All.FirstOrDefault(target => string.Equals(target.Name, name, StringComparison.Ordinal));
}
