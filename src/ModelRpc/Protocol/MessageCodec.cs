using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Writes and reads the control messages: Hello, Welcome, Goodbye, Heartbeat, Membership, Demand,
/// Grant, Revoke and Release. Writers emit a
/// whole frame (length prefix, type, body); readers take the body of a frame returned by
/// <see cref="FrameReader"/> and report problems as error values naming the field and what was expected.
/// </summary>
public static partial class MessageCodec
{
    /// <summary>Writes a whole Heartbeat frame (its body is <c>nil</c>).</summary>
    /// <param name="output">Where to write.</param>
    public static void WriteHeartbeat(IBufferWriter<byte> output) => WriteSignal(output, MessageType.Heartbeat);

    /// <summary>Checks that a Heartbeat body is exactly <c>nil</c>.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="error">What was wrong, when the body is not <c>nil</c>.</param>
    /// <returns><see langword="true"/> when the body is valid.</returns>
    public static bool TryReadHeartbeat(in ReadOnlySequence<byte> body, [NotNullWhen(false)] out string? error) =>
        TryReadSignal(body, MessageType.Heartbeat, out error);

    /// <summary>
    /// Reads <c>[protocol_version, ...]</c>: the version comes first so that a peer speaking
    /// another version gets "unsupported version" rather than a confusing shape error.
    /// </summary>
    private static bool TryReadVersionedArray(ref MessagePackReader reader, string message, int fieldCount, out int version, [NotNullWhen(false)] out string? error) =>
        TryReadVersionedArray(ref reader, message, fieldCount, fieldCount, out _, out version, out error);

    /// <summary>
    /// Reads an array of <paramref name="minFields"/> to <paramref name="maxFields"/> elements whose first is the protocol
    /// version, one of <see cref="ProtocolConstants.MinimumVersion"/> to <see cref="ProtocolConstants.Version"/>.
    /// </summary>
    private static bool TryReadVersionedArray(ref MessagePackReader reader, string message, int minFields, int maxFields, out int count, out int version, [NotNullWhen(false)] out string? error)
    {
        version = 0;
        if (!MessagePackFields.TryReadArrayHeader(ref reader, message, out count, out error))
        {
            return false;
        }

        if (count == 0)
        {
            error = ProtocolErrors.WrongArrayLength(message, minFields, count);
            return false;
        }

        string field = message + ".protocol_version";
        if (!MessagePackFields.TryReadInt64(ref reader, field, out long received, out error))
        {
            return false;
        }

        if (received is < ProtocolConstants.MinimumVersion or > ProtocolConstants.Version)
        {
            error = ProtocolErrors.UnsupportedVersion(field, received);
            return false;
        }

        version = (int)received;
        if (count < minFields || count > maxFields)
        {
            error = ProtocolErrors.WrongArrayLength(message, count < minFields ? minFields : maxFields, count);
            return false;
        }

        return true;
    }
}
