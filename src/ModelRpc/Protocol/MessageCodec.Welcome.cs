using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class MessageCodec
{
    /// <summary>Writes a whole Welcome frame: <c>[protocol_version, replica_id, heartbeat_interval_ms, frontend_id]</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="message">The welcome.</param>
    public static void WriteWelcome(IBufferWriter<byte> output, WelcomeMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        long bodyLength = MessagePackSize.OfArrayHeader(4)
            + MessagePackSize.OfInt(message.ProtocolVersion)
            + MessagePackSize.OfInt(message.ReplicaId)
            + MessagePackSize.OfInt(message.HeartbeatIntervalMs)
            + MessagePackSize.OfString(message.FrontendId);

        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.Welcome, bodyLength);
        writer.WriteArrayHeader(4);
        writer.Write(message.ProtocolVersion);
        writer.Write(message.ReplicaId);
        writer.Write(message.HeartbeatIntervalMs);
        writer.Write(message.FrontendId);
        writer.Flush();
    }

    /// <summary>Reads a Welcome body: protocol version 2 or 3 (the message carries the one received), a replica id of at least 0, a heartbeat interval of at least 1 ms, a frontend id of 1 to 255 UTF-8 bytes.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="message">The welcome, when valid.</param>
    /// <param name="error">The field that was wrong, what was received and what was expected.</param>
    /// <returns><see langword="true"/> when the body is a valid welcome.</returns>
    public static bool TryReadWelcome(in ReadOnlySequence<byte> body, [NotNullWhen(true)] out WelcomeMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var reader = new MessagePackReader(body);
        try
        {
            if (!TryReadVersionedArray(ref reader, "Welcome", 4, out int protocolVersion, out error)
                || !MessagePackFields.TryReadInt32(ref reader, "Welcome.replica_id", 0, out int replicaId, out error)
                || !MessagePackFields.TryReadInt32(ref reader, "Welcome.heartbeat_interval_ms", 1, out int intervalMs, out error)
                || !TryReadBoundedString(ref reader, "Welcome.frontend_id", ProtocolConstants.MaxFrontendIdBytes, out string? frontendId, out error)
                || !MessagePackFields.TryReadEnd(ref reader, "Welcome", out error))
            {
                return false;
            }

            message = new WelcomeMessage(protocolVersion, replicaId, intervalMs, frontendId);
            return true;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("Welcome", ex);
            return false;
        }
    }
}
