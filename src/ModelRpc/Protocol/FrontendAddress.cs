namespace Clipper.ModelRpc.Protocol;

/// <summary>One live query frontend in a <see cref="MembershipMessage"/>.</summary>
/// <param name="Id">The frontend's id (the one its <see cref="WelcomeMessage"/> carries).</param>
/// <param name="Host">The host name or address where containers reach its RPC port.</param>
/// <param name="Port">The RPC port.</param>
public sealed record FrontendAddress(string Id, string Host, int Port);
