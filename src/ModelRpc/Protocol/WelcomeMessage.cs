namespace Clipper.ModelRpc.Protocol;

/// <summary>The frontend's answer to an accepted <see cref="HelloMessage"/>.</summary>
/// <param name="ProtocolVersion">The protocol version of the connection: the one the container spoke in its <c>Hello</c>.</param>
/// <param name="ReplicaId">The replica id the frontend gave this connection, unique per model version.</param>
/// <param name="HeartbeatIntervalMs">The heartbeat interval both sides use from now on, in milliseconds (at least 1).</param>
/// <param name="FrontendId">The frontend's id, as it appears in <see cref="MembershipMessage"/>s (1 to 255 UTF-8 bytes).</param>
public sealed record WelcomeMessage(int ProtocolVersion, int ReplicaId, int HeartbeatIntervalMs, string FrontendId);
