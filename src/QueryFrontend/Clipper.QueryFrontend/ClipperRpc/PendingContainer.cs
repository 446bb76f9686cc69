using System.Buffers;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// A Clipper container's connection before it is a replica: its heartbeats are answered with kind 1 ("send your
/// metadata") until its metadata arrives; once refused, with kind 0, so that it stays quiet instead of sending the
/// same metadata every 5 s. Answers are a protocol error here, since no batch was ever sent.
/// </summary>
internal sealed class PendingContainer : IClipperMessageSink
{
    private bool _refused;

    /// <summary>The metadata, once it arrived (parsing pauses after it).</summary>
    public ClipperContainerMetadata? Metadata { get; private set; }

    /// <summary>Whether a heartbeat was read and not answered yet.</summary>
    public bool HeartbeatPending { get; set; }

    /// <summary>The context of a PING read and not answered yet.</summary>
    public byte[]? PingContext { get; set; }

    public bool Paused => Metadata is not null && !_refused;

    /// <summary>The heartbeat reply kind: metadata wanted while the container is unknown, nothing once refused.</summary>
    public uint HeartbeatKind => _refused ? ClipperProtocol.KeepAlive : ClipperProtocol.RequestMetadata;

    /// <summary>From now on the connection is held without serving: heartbeats get kind 0 and metadata is ignored.</summary>
    public void Refuse() => _refused = true;

    public string? OnHeartbeat()
    {
        HeartbeatPending = true;
        return null;
    }

    public string? OnMetadata(ClipperContainerMetadata metadata)
    {
        if (!_refused)
        {
            Metadata = metadata;
        }

        return null;
    }

    public string? OnAnswerStart(uint messageId, int count) =>
        _refused ? "an answer from a refused container, which was never sent a batch" : "an answer before the container's metadata, which must come first";

    public void OnOutput(int index, in ReadOnlySequence<byte> utf8)
    {
    }

    public string? OnAnswerEnd() => null;

    public void OnPing(ReadOnlySpan<byte> context) => PingContext = context.ToArray();
}
