namespace Clipper.ModelRpc.Serving;

/// <summary>
/// The scheduler's state for one frontend connection. Guarded by the scheduler's lock; a connection
/// holds at most one unit of capacity at a time: either an unused grant or a running batch.
/// </summary>
internal sealed class CapacitySlot(ICapacityClient client)
{
    public ICapacityClient Client { get; } = client;

    /// <summary>The frontend holds an unused grant.</summary>
    public bool Granted { get; set; }

    /// <summary>The grant was parked (given while nobody demanded), so it may be taken back; a demanded one is used or released by the frontend at once.</summary>
    public bool Parked { get; set; }

    /// <summary>A Revoke was sent for the current grant and neither a batch nor a Release has answered it.</summary>
    public bool Revoking { get; set; }

    /// <summary>A batch of this connection is being predicted (or its answer queued).</summary>
    public bool Running { get; set; }

    /// <summary>The frontend said queries wait there, and has had no grant since.</summary>
    public bool Demanding { get; set; }

    /// <summary>When the earliest of those queries is due, on this container's clock.</summary>
    public long DemandDeadline { get; set; }

    /// <summary>When this connection last demanded, to park idle capacity where work last came from.</summary>
    public long LastDemand { get; set; }

    /// <summary>The connection ended or is draining: it gets nothing more.</summary>
    public bool Closed { get; set; }

    public bool Idle => !Granted && !Running && !Closed;
}
