namespace Clipper.Configuration;

/// <summary>The RPC protocols a replica can speak to a query frontend, as recorded beside it.</summary>
public static class ReplicaProtocols
{
    /// <summary>Ours: length-prefixed MessagePack frames (ModelRpc, the Python library for it).</summary>
    public const string ModelRpc = "modelrpc";

    /// <summary>Clipper's own container RPC (ZeroMQ, version 3), spoken by Clipper's model containers unchanged.</summary>
    public const string ClipperZmq = "clipper-zmq";
}
