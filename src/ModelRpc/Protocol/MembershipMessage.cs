namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// The live query frontends as the sending frontend knows them (itself included). A container
/// connects to every one of them, or, when <see cref="MaxFrontendsPerReplica"/> is positive and
/// smaller than the list, to that many chosen by rendezvous hashing of its container id.
/// </summary>
/// <param name="MaxFrontendsPerReplica">The most frontends one container should connect to; 0 for all.</param>
/// <param name="Frontends">The frontends, each listed once.</param>
public sealed record MembershipMessage(int MaxFrontendsPerReplica, IReadOnlyList<FrontendAddress> Frontends);
