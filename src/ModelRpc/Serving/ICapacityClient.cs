namespace Clipper.ModelRpc.Serving;

/// <summary>One frontend connection as the <see cref="CapacityScheduler"/> sees it: where grants and revocations go.</summary>
internal interface ICapacityClient
{
    /// <summary>Queues a Grant frame, parked or answering a demand. Called under the scheduler's lock: must only queue, never block.</summary>
    void SendGrant(bool parked);

    /// <summary>Queues a Revoke frame. Called under the scheduler's lock: must only queue, never block.</summary>
    void SendRevoke();
}
