using System.Text;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Exact encoded sizes of the values we write, matching <see cref="MessagePack.MessagePackWriter"/>'s
/// choice of the most compact format. Writers compute a frame's length up front so the length
/// prefix goes out before the body without a temporary buffer or patching.
/// </summary>
internal static class MessagePackSize
{
    public static int OfUInt(ulong value) => value switch
    {
        <= 127 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    public static int OfInt(long value) => value switch
    {
        >= 0 => OfUInt((ulong)value),
        >= -32 => 1,
        >= sbyte.MinValue => 2,
        >= short.MinValue => 3,
        >= int.MinValue => 5,
        _ => 9,
    };

    public static int OfArrayHeader(int count) => count switch
    {
        <= 15 => 1,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    public static int OfStringHeader(int byteCount) => byteCount switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    public static int OfBinHeader(int byteCount) => byteCount switch
    {
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>Header plus UTF-8 bytes; invalid UTF-16 counts as the replacement characters the writer emits.</summary>
    public static long OfString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        return OfStringHeader(byteCount) + (long)byteCount;
    }

    public static long OfString(int utf8ByteCount) => OfStringHeader(utf8ByteCount) + (long)utf8ByteCount;

    public static long OfBin(int byteCount) => OfBinHeader(byteCount) + (long)byteCount;
}
