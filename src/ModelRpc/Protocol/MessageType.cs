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
}
