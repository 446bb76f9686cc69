using System.Buffers;
using System.Buffers.Binary;

namespace Clipper.QueryFrontend.Zmtp;

/// <summary>Writes ZMTP 3 frames straight into a buffer writer (the connection's pipe): no intermediate copies.</summary>
internal static class ZmtpFrameWriter
{
    /// <summary>The bytes of a frame header for a body of <paramref name="length"/> bytes.</summary>
    public static int HeaderLength(long length) => length > byte.MaxValue ? 9 : 2;

    /// <summary>Writes a frame header; the caller writes the <paramref name="length"/> body bytes after it.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, long length, ZmtpFrameFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var span = output.GetSpan(9);
        if (length > byte.MaxValue)
        {
            span[0] = (byte)(flags | ZmtpFrameFlags.Long);
            BinaryPrimitives.WriteInt64BigEndian(span[1..], length);
            output.Advance(9);
        }
        else
        {
            span[0] = (byte)(flags & ~ZmtpFrameFlags.Long);
            span[1] = (byte)length;
            output.Advance(2);
        }
    }

    /// <summary>Writes a whole message frame.</summary>
    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> body, bool more)
    {
        WriteHeader(output, body.Length, more ? ZmtpFrameFlags.More : ZmtpFrameFlags.None);
        output.Write(body);
    }

    /// <summary>Writes a message frame holding one little-endian u32.</summary>
    public static void WriteUInt32(IBufferWriter<byte> output, uint value, bool more)
    {
        WriteHeader(output, sizeof(uint), more ? ZmtpFrameFlags.More : ZmtpFrameFlags.None);
        BinaryPrimitives.WriteUInt32LittleEndian(output.GetSpan(sizeof(uint)), value);
        output.Advance(sizeof(uint));
    }

    /// <summary>Writes a message frame holding one little-endian u64.</summary>
    public static void WriteUInt64(IBufferWriter<byte> output, ulong value, bool more)
    {
        WriteHeader(output, sizeof(ulong), more ? ZmtpFrameFlags.More : ZmtpFrameFlags.None);
        BinaryPrimitives.WriteUInt64LittleEndian(output.GetSpan(sizeof(ulong)), value);
        output.Advance(sizeof(ulong));
    }
}
