namespace Clipper.ModelRpc.Serving;

/// <summary>Why one connection to the frontend ended; decides whether the container reconnects.</summary>
internal enum ConnectionOutcome
{
    /// <summary>RunAsync's token was cancelled or the container disposed: stop.</summary>
    Cancelled,

    /// <summary>A drain finished: every batch in flight was answered. Stop.</summary>
    Drained,

    /// <summary>A drain ran out of time with batches in flight. Stop.</summary>
    DrainTimedOut,

    /// <summary>The frontend answered the Hello with Goodbye. Reconnect with backoff.</summary>
    Refused,

    /// <summary>No Welcome arrived in time. Reconnect with backoff.</summary>
    HandshakeTimedOut,

    /// <summary>The frontend said Goodbye after the handshake (it is stopping). Reconnect with backoff.</summary>
    GoodbyeReceived,

    /// <summary>The frontend sent something the protocol does not allow. Reconnect with backoff.</summary>
    ProtocolError,

    /// <summary>Nothing arrived for three heartbeat intervals. Reconnect with backoff.</summary>
    HeartbeatTimedOut,

    /// <summary>The frontend closed the connection between frames. Reconnect with backoff.</summary>
    ClosedByFrontend,

    /// <summary>A socket error. Reconnect with backoff.</summary>
    ConnectionLost,

    /// <summary>
    /// The container left this frontend on its own: another connection to it was already up, or the
    /// frontend is outside the container's share past the cap. Reconnect only if it becomes wanted again.
    /// </summary>
    LeftForOthers,
}
