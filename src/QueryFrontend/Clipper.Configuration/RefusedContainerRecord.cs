namespace Clipper.Configuration;

/// <summary>
/// A model container a query frontend refused recently (wrong RPC version, input type of another model, a broken
/// handshake), as the frontend publishes it with its lease so that <c>clipper status</c> can name it.
/// </summary>
public sealed record RefusedContainerRecord
{
    /// <summary>When the frontend refused it.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The protocol it spoke: <see cref="ReplicaProtocols.ModelRpc"/> or <see cref="ReplicaProtocols.ClipperZmq"/>.</summary>
    public required string Protocol { get; init; }

    /// <summary>Its remote address as the frontend saw it.</summary>
    public required string Address { get; init; }

    /// <summary>The model version it said it serves (<c>name:version</c>), or empty when it did not get that far.</summary>
    public string Model { get; init; } = "";

    /// <summary>Why it was refused.</summary>
    public required string Reason { get; init; }
}
