namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// A frontend's request for capacity: queries wait for the container's model version there. The
/// container grants its free capacity to the waiting frontend with the earliest deadline.
/// </summary>
/// <param name="Queued">How many queries wait (at least 1; informative).</param>
/// <param name="EarliestDeadlineMs">
/// Milliseconds from sending until the earliest waiting query's deadline (negative when it has
/// passed). Relative, so that the two hosts' clocks need not agree.
/// </param>
public sealed record DemandMessage(int Queued, int EarliestDeadlineMs);
