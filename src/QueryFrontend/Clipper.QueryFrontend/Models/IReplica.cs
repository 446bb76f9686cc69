namespace Clipper.QueryFrontend.Models;

/// <summary>A connected model replica, as the scheduler sees it.</summary>
internal interface IReplica
{
    /// <summary>The replica id this frontend gave the connection (unique per model version).</summary>
    int ReplicaId { get; }

    /// <summary>The id the container chose for itself.</summary>
    string ContainerId { get; }

    /// <summary>How many queries this connection has answered (outputs and errors from the model).</summary>
    long AnsweredCount { get; }

    /// <summary>Whether the replica takes new batches (false once it said goodbye).</summary>
    bool IsAcceptingBatches { get; }

    /// <summary>The input type the container said it serves.</summary>
    Clipper.ModelRpc.Protocol.InputType InputType { get; }

    /// <summary>The RPC protocol the container speaks (<c>Clipper.Configuration.ReplicaProtocols</c>): ours unless a replica says otherwise.</summary>
    string Protocol => Clipper.Configuration.ReplicaProtocols.ModelRpc;

    /// <summary>Closes the connection; the container reconnects and goes through the handshake again.</summary>
    void Stop();
}
