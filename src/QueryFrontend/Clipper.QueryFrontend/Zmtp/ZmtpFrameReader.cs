using System.Buffers;
using System.Globalization;

namespace Clipper.QueryFrontend.Zmtp;

/// <summary>
/// Splits a receive buffer into ZMTP 3 frames: a flags byte, a size (one byte, or eight big-endian with the LONG
/// flag), then the body. Allocates nothing unless the frame is invalid.
/// </summary>
internal static class ZmtpFrameReader
{
    private const byte ReservedFlags = 0xF8;

    /// <summary>Reads one frame from the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The received bytes; sliced past the frame when complete, else unchanged.</param>
    /// <param name="maxMessageFrameBytes">The largest message frame body accepted (the option it comes from is named in the error).</param>
    /// <param name="limitName">The name of the option behind <paramref name="maxMessageFrameBytes"/>, for the error.</param>
    /// <param name="frame">The frame, when complete.</param>
    /// <param name="error">What was wrong, when invalid.</param>
    public static ZmtpReadStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, long maxMessageFrameBytes, string limitName, out ZmtpFrame frame, out string? error)
    {
        frame = default;
        error = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var flagsByte))
        {
            return ZmtpReadStatus.Incomplete;
        }

        if ((flagsByte & ReservedFlags) != 0)
        {
            error = $"a ZMTP frame's flags byte is 0x{flagsByte:X2}: its reserved bits (0xF8) must be zero";
            return ZmtpReadStatus.Invalid;
        }

        var flags = (ZmtpFrameFlags)flagsByte;
        var isCommand = (flags & ZmtpFrameFlags.Command) != 0;
        if (isCommand && (flags & ZmtpFrameFlags.More) != 0)
        {
            error = "a ZMTP command frame has the MORE flag set; commands are single frames";
            return ZmtpReadStatus.Invalid;
        }

        ulong size;
        if ((flags & ZmtpFrameFlags.Long) != 0)
        {
            if (!reader.TryReadBigEndian(out long longSize))
            {
                return ZmtpReadStatus.Incomplete;
            }

            size = unchecked((ulong)longSize);
        }
        else
        {
            if (!reader.TryRead(out var shortSize))
            {
                return ZmtpReadStatus.Incomplete;
            }

            size = shortSize;
        }

        // Checked before waiting for the body, so that a huge size fails at once instead of being buffered.
        var limit = isCommand ? ZmtpLimits.MaxCommandBytes : maxMessageFrameBytes;
        if (size > (ulong)limit)
        {
            error = isCommand
                ? string.Create(CultureInfo.InvariantCulture, $"a ZMTP command frame of {size} bytes; commands are at most {ZmtpLimits.MaxCommandBytes} bytes")
                : string.Create(CultureInfo.InvariantCulture, $"a ZMTP message frame of {size} bytes; at most {limit} are accepted (option {limitName})");
            return ZmtpReadStatus.Invalid;
        }

        if ((ulong)reader.Remaining < size)
        {
            return ZmtpReadStatus.Incomplete;
        }

        var body = buffer.Slice(reader.Position, (long)size);
        buffer = buffer.Slice(body.End);
        frame = new ZmtpFrame(flags, body);
        return ZmtpReadStatus.Complete;
    }

    /// <summary>Describes bytes left over when the connection ended: a frame cut off is a protocol error.</summary>
    public static string DescribeTruncated(in ReadOnlySequence<byte> remaining)
    {
        var reader = new SequenceReader<byte>(remaining);
        reader.TryRead(out var flags);
        ulong size = 0;
        var haveSize = false;
        if ((flags & (byte)ZmtpFrameFlags.Long) != 0)
        {
            if (reader.TryReadBigEndian(out long longSize))
            {
                size = unchecked((ulong)longSize);
                haveSize = true;
            }
        }
        else if (reader.TryRead(out var shortSize))
        {
            size = shortSize;
            haveSize = true;
        }

        return haveSize
            ? string.Create(CultureInfo.InvariantCulture, $"the connection closed inside a ZMTP frame: {reader.Remaining} of its {size} body bytes arrived")
            : string.Create(CultureInfo.InvariantCulture, $"the connection closed inside a ZMTP frame header ({remaining.Length} bytes arrived)");
    }
}
