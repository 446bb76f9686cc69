namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// The numbers of Clipper's container RPC, version 3 (Clipper 0.4's <c>rpc_service.cpp</c> and <c>rpc.py</c>): every
/// integer is a little-endian u32 in a frame of its own.
/// </summary>
internal static class ClipperProtocol
{
    /// <summary>The RPC version this frontend speaks, sent first in every message to a container.</summary>
    public const uint RpcVersion = 3;

    /// <summary>The name recorded beside replicas and refusals of this protocol.</summary>
    public const string Name = "clipper-zmq";

    /// <summary>Message type: a container's metadata (model name, version, input type, RPC version).</summary>
    public const uint NewContainer = 0;

    /// <summary>Message type: a batch to a container, or its answer.</summary>
    public const uint ContainerContent = 1;

    /// <summary>Message type: a heartbeat (from the container) or its reply (from the frontend).</summary>
    public const uint Heartbeat = 2;

    /// <summary>Heartbeat reply kind: nothing to do.</summary>
    public const uint KeepAlive = 0;

    /// <summary>Heartbeat reply kind: the frontend does not know the container yet; it answers with its metadata.</summary>
    public const uint RequestMetadata = 1;

    /// <summary>Request type of a batch: predict (feedback, 1, was never sent in practice).</summary>
    public const uint Predict = 0;

    /// <summary>The largest frame of a container's metadata (names are DNS-1123 labels of at most 63 characters).</summary>
    public const int MaxMetadataFrameBytes = 256;
}
