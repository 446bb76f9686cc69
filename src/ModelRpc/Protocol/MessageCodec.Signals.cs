using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class MessageCodec
{
    /// <summary>
    /// Writes a whole frame whose body is <c>nil</c>: <see cref="MessageType.Heartbeat"/>,
    /// <see cref="MessageType.Revoke"/> or <see cref="MessageType.Release"/>.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="type">The frame type.</param>
    public static void WriteSignal(IBufferWriter<byte> output, MessageType type)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (type is not (MessageType.Heartbeat or MessageType.Revoke or MessageType.Release))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Only Heartbeat, Revoke and Release frames have a nil body.");
        }

        WriteOneByteBodyFrame(output, type, MessagePackCode.Nil);
    }

    /// <summary>Checks that the body of a Heartbeat, Revoke or Release frame is exactly <c>nil</c>.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="type">The frame type, named in the error.</param>
    /// <param name="error">What was wrong, when the body is not <c>nil</c>.</param>
    /// <returns><see langword="true"/> when the body is valid.</returns>
    public static bool TryReadSignal(in ReadOnlySequence<byte> body, MessageType type, [NotNullWhen(false)] out string? error)
    {
        if (body.Length == 1 && body.FirstSpan[0] == MessagePackCode.Nil)
        {
            error = null;
            return true;
        }

        string name = type.ToString();
        if (body.Length > 1 && body.FirstSpan[0] == MessagePackCode.Nil)
        {
            error = ProtocolErrors.TrailingBytes(name, body.Length - 1);
            return false;
        }

        var reader = new MessagePackReader(body);
        error = ProtocolErrors.WrongType(name, "nil", ref reader);
        return false;
    }

    /// <summary>
    /// Writes a whole Grant frame: its body is one boolean, <c>true</c> when the capacity is parked
    /// (given while this connection did not demand it: keep it until used or revoked) and <c>false</c>
    /// when it answers a Demand (use it, or release it at once if the queries are gone).
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="parked">Whether the grant is parked.</param>
    public static void WriteGrant(IBufferWriter<byte> output, bool parked)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteOneByteBodyFrame(output, MessageType.Grant, parked ? MessagePackCode.True : MessagePackCode.False);
    }

    /// <summary>Reads a Grant body: exactly one MessagePack boolean.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="parked">Whether the grant is parked.</param>
    /// <param name="error">What was wrong, what was received and what was expected.</param>
    /// <returns><see langword="true"/> when the body is valid.</returns>
    public static bool TryReadGrant(in ReadOnlySequence<byte> body, out bool parked, [NotNullWhen(false)] out string? error)
    {
        parked = false;
        if (body.Length == 1 && body.FirstSpan[0] is MessagePackCode.True or MessagePackCode.False)
        {
            parked = body.FirstSpan[0] == MessagePackCode.True;
            error = null;
            return true;
        }

        if (body.Length > 1 && body.FirstSpan[0] is MessagePackCode.True or MessagePackCode.False)
        {
            error = ProtocolErrors.TrailingBytes("Grant", body.Length - 1);
            return false;
        }

        var reader = new MessagePackReader(body);
        error = ProtocolErrors.WrongType("Grant.parked", "a boolean", ref reader);
        return false;
    }

    // A frame whose body is one MessagePack byte: the length prefix says 2 (type and body).
    private static void WriteOneByteBodyFrame(IBufferWriter<byte> output, MessageType type, byte body)
    {
        Span<byte> frame = output.GetSpan(6);
        frame[0] = 0;
        frame[1] = 0;
        frame[2] = 0;
        frame[3] = 2;
        frame[4] = (byte)type;
        frame[5] = body;
        output.Advance(6);
    }

    private static bool TryReadBoundedString(ref MessagePackReader reader, string field, int maxBytes, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        if (!MessagePackFields.TryReadString(ref reader, field, out value, out error))
        {
            return false;
        }

        int bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes is 0 || bytes > maxBytes)
        {
            error = ProtocolErrors.OutOfRange(
                field,
                string.Create(CultureInfo.InvariantCulture, $"1 to {maxBytes} UTF-8 bytes"),
                string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"));
            value = null;
            return false;
        }

        return true;
    }
}
