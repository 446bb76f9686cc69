namespace Clipper.ModelRpc.Protocol;

/// <summary>Numbers fixed by version 3 of the model RPC protocol, and the defaults both ends share.</summary>
public static class ProtocolConstants
{
    /// <summary>The protocol version this library speaks, sent in <c>Hello</c>: version 3 adds the trace context to <c>BatchRequest</c> and the model time to <c>BatchResponse</c>.</summary>
    public const int Version = 3;

    /// <summary>The oldest protocol version this library still accepts: a frontend serves version 2 containers unchanged.</summary>
    public const int MinimumVersion = 2;

    /// <summary>The first version whose batch frames carry a trace context and a model time.</summary>
    public const int TracingVersion = 3;

    /// <summary>The length of a W3C <c>traceparent</c> of version 00 (<c>00-32 hex-16 hex-2 hex</c>).</summary>
    public const int TraceParentLength = 55;

    /// <summary>The default largest frame a receiver accepts (64 MiB): the <c>MaxFrameBytes</c> option of either end.</summary>
    public const int DefaultMaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>The default heartbeat interval in milliseconds (1 s) when the frontend does not say otherwise.</summary>
    public const int DefaultHeartbeatIntervalMs = 1000;

    /// <summary>How many heartbeat intervals of silence make a side drop the connection.</summary>
    public const int SilentIntervalsBeforeDisconnect = 3;

    /// <summary>The query frontend's default RPC port, as in Clipper.</summary>
    public const int DefaultPort = 7000;

    /// <summary>The size of the big-endian length prefix of every frame.</summary>
    public const int LengthPrefixBytes = 4;

    /// <summary>The size of the length prefix plus the type byte.</summary>
    public const int FrameHeaderBytes = LengthPrefixBytes + 1;

    /// <summary>The longest container id, in UTF-8 bytes, a <c>Hello</c> may carry.</summary>
    public const int MaxContainerIdBytes = 255;

    /// <summary>The longest join token a Hello may carry, in UTF-8 bytes.</summary>
    public const int MaxJoinTokenBytes = 256;

    /// <summary>The longest frontend id, in UTF-8 bytes, a <c>Welcome</c> or <c>Membership</c> may carry.</summary>
    public const int MaxFrontendIdBytes = 255;

    /// <summary>The longest host, in UTF-8 bytes, a <c>Membership</c> entry may carry (a DNS name is at most 253).</summary>
    public const int MaxHostBytes = 253;

    /// <summary>The most frontends one <c>Membership</c> may list.</summary>
    public const int MaxMembershipFrontends = 10_000;

    /// <summary>The <c>Goodbye</c> reason a container sends when it starts draining.</summary>
    public const string DrainingReason = "draining";
}
