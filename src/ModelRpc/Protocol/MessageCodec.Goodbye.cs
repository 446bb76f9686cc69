using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class MessageCodec
{
    /// <summary>Writes a whole Goodbye frame: <c>[reason]</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="message">The goodbye.</param>
    public static void WriteGoodbye(IBufferWriter<byte> output, GoodbyeMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        long bodyLength = MessagePackSize.OfArrayHeader(1) + MessagePackSize.OfString(message.Reason);

        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.Goodbye, bodyLength);
        writer.WriteArrayHeader(1);
        writer.Write(message.Reason);
        writer.Flush();
    }

    /// <summary>Reads a Goodbye body: a one-element array holding the reason as a str.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="message">The goodbye, when valid.</param>
    /// <param name="error">What was wrong, what was received and what was expected.</param>
    /// <returns><see langword="true"/> when the body is a valid goodbye.</returns>
    public static bool TryReadGoodbye(in ReadOnlySequence<byte> body, [NotNullWhen(true)] out GoodbyeMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var reader = new MessagePackReader(body);
        try
        {
            if (!MessagePackFields.TryReadArrayHeader(ref reader, "Goodbye", 1, out error)
                || !MessagePackFields.TryReadString(ref reader, "Goodbye.reason", out string? reason, out error)
                || !MessagePackFields.TryReadEnd(ref reader, "Goodbye", out error))
            {
                return false;
            }

            message = new GoodbyeMessage(reason);
            return true;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("Goodbye", ex);
            return false;
        }
    }
}
