using System.Diagnostics;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// The W3C <c>traceparent</c> of a version 3 <c>BatchRequest</c> (<c>00-&lt;32 hex&gt;-&lt;16 hex&gt;-&lt;2 hex&gt;</c>), written and
/// read as UTF-8 without allocating.
/// </summary>
public static class TraceParent
{
    /// <summary>Writes <paramref name="context"/> as a traceparent into <paramref name="utf8"/>, which holds at least <see cref="ProtocolConstants.TraceParentLength"/> bytes.</summary>
    /// <param name="context">The span context; its trace and span ids must be set.</param>
    /// <param name="utf8">Where to write.</param>
    /// <returns>The bytes written: <see cref="ProtocolConstants.TraceParentLength"/>.</returns>
    public static int Format(in ActivityContext context, Span<byte> utf8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(utf8.Length, ProtocolConstants.TraceParentLength, nameof(utf8));
        Span<byte> raw = stackalloc byte[16];
        utf8[0] = (byte)'0';
        utf8[1] = (byte)'0';
        utf8[2] = (byte)'-';
        context.TraceId.CopyTo(raw);
        WriteHex(raw, utf8.Slice(3, 32));
        utf8[35] = (byte)'-';
        context.SpanId.CopyTo(raw[..8]);
        WriteHex(raw[..8], utf8.Slice(36, 16));
        utf8[52] = (byte)'-';
        WriteHex([(byte)context.TraceFlags], utf8.Slice(53, 2));
        return ProtocolConstants.TraceParentLength;
    }

    /// <summary>
    /// Reads a traceparent of version 00: lowercase hex, a trace id and a span id that are not all zeros. Anything else is
    /// not a traceparent, which a container ignores (the predict span then starts a trace of its own).
    /// </summary>
    /// <param name="utf8">The traceparent's UTF-8 bytes.</param>
    /// <param name="context">The remote span context, when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="utf8"/> is a valid traceparent.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out ActivityContext context)
    {
        context = default;
        if (utf8.Length != ProtocolConstants.TraceParentLength
            || utf8[0] != '0' || utf8[1] != '0' || utf8[2] != '-' || utf8[35] != '-' || utf8[52] != '-'
            || !IsLowerHex(utf8.Slice(3, 32)) || !IsLowerHex(utf8.Slice(36, 16)) || !IsLowerHex(utf8.Slice(53, 2))
            || IsAllZeros(utf8.Slice(3, 32)) || IsAllZeros(utf8.Slice(36, 16)))
        {
            return false;
        }

        var flags = (ActivityTraceFlags)((HexValue(utf8[53]) << 4) | HexValue(utf8[54]));
        context = new ActivityContext(
            ActivityTraceId.CreateFromUtf8String(utf8.Slice(3, 32)),
            ActivitySpanId.CreateFromUtf8String(utf8.Slice(36, 16)),
            flags & ActivityTraceFlags.Recorded,
            traceState: null,
            isRemote: true);
        return true;
    }

    private static void WriteHex(ReadOnlySpan<byte> raw, Span<byte> utf8)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            utf8[2 * i] = HexDigit(raw[i] >> 4);
            utf8[(2 * i) + 1] = HexDigit(raw[i] & 0xF);
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private static int HexValue(byte digit) => digit <= '9' ? digit - '0' : digit - 'a' + 10;

    private static bool IsLowerHex(ReadOnlySpan<byte> utf8)
    {
        foreach (byte b in utf8)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZeros(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept((byte)'0');
}
