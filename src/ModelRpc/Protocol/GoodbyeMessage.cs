namespace Clipper.ModelRpc.Protocol;

/// <summary>Either side is leaving: a container draining, a frontend stopping, or a frontend refusing a hello.</summary>
/// <param name="Reason">Why, for the other side's logs (for example <see cref="ProtocolConstants.DrainingReason"/>).</param>
public sealed record GoodbyeMessage(string Reason);
