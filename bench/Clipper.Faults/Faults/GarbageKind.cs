namespace Clipper.Faults.Faults;

/// <summary>The malformed frames <see cref="GarbageContainer"/> sends after its handshake.</summary>
internal enum GarbageKind
{
    /// <summary>A frame type no protocol version has.</summary>
    UnknownType,

    /// <summary>A response to a batch the frontend never sent.</summary>
    UnsentBatch,

    /// <summary>A heartbeat with a body.</summary>
    HeartbeatBody,

    /// <summary>A length past the frame limit.</summary>
    OverLimit,

    /// <summary>A batch taken against a grant, answered with bytes that are not MessagePack.</summary>
    MidBatch,
}
