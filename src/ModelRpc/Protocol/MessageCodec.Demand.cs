using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class MessageCodec
{
    /// <summary>Writes a whole Demand frame: <c>[queued, earliest_deadline_ms]</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="queued">How many queries wait (at least 1).</param>
    /// <param name="earliestDeadlineMs">Milliseconds until the earliest waiting query's deadline; negative when passed.</param>
    public static void WriteDemand(IBufferWriter<byte> output, int queued, int earliestDeadlineMs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queued);
        long bodyLength = MessagePackSize.OfArrayHeader(2) + MessagePackSize.OfInt(queued) + MessagePackSize.OfInt(earliestDeadlineMs);
        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.Demand, bodyLength);
        writer.WriteArrayHeader(2);
        writer.Write(queued);
        writer.Write(earliestDeadlineMs);
        writer.Flush();
    }

    /// <summary>Reads a Demand body: a count of at least 1 and a 32-bit signed number of milliseconds.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="message">The demand, when valid.</param>
    /// <param name="error">The field that was wrong, what was received and what was expected.</param>
    /// <returns><see langword="true"/> when the body is a valid demand.</returns>
    public static bool TryReadDemand(in ReadOnlySequence<byte> body, [NotNullWhen(true)] out DemandMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var reader = new MessagePackReader(body);
        try
        {
            if (!MessagePackFields.TryReadArrayHeader(ref reader, "Demand", 2, out error)
                || !MessagePackFields.TryReadInt32(ref reader, "Demand.queued", 1, out int queued, out error)
                || !MessagePackFields.TryReadInt32(ref reader, "Demand.earliest_deadline_ms", int.MinValue, out int deadlineMs, out error)
                || !MessagePackFields.TryReadEnd(ref reader, "Demand", out error))
            {
                return false;
            }

            message = new DemandMessage(queued, deadlineMs);
            return true;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("Demand", ex);
            return false;
        }
    }
}
