namespace Clipper.ModelRpc.Protocol;

/// <summary>The one-byte type that follows the length prefix of every frame.</summary>
public enum MessageType : byte
{
    /// <summary>Container to frontend, first frame: protocol version and model identity.</summary>
    Hello = 1,

    /// <summary>Frontend to container: the handshake is accepted.</summary>
    Welcome = 2,

    /// <summary>Frontend to container: a batch of inputs to predict.</summary>
    BatchRequest = 3,

    /// <summary>Container to frontend: one output or error per input of a batch, in order.</summary>
    BatchResponse = 4,

    /// <summary>Either way: the sender is alive.</summary>
    Heartbeat = 5,

    /// <summary>Either way: the sender is leaving (draining, shutting down or refusing) and says why.</summary>
    Goodbye = 6,

    /// <summary>Frontend to container: the live frontends, so the container connects to each (or to its share of them).</summary>
    Membership = 7,

    /// <summary>Frontend to container: queries wait for this container's model version here and this connection holds no grant.</summary>
    Demand = 8,

    /// <summary>Container to frontend: the frontend may send one batch.</summary>
    Grant = 9,

    /// <summary>Container to frontend: give back the unused grant, another frontend needs the capacity.</summary>
    Revoke = 10,

    /// <summary>Frontend to container: an unused grant is given back.</summary>
    Release = 11,
}
