using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Reads one field of a message body, checking its MessagePack type first so that a wrong shape
/// becomes an error value naming the field instead of an exception.
/// </summary>
internal static class MessagePackFields
{
    public static bool TryReadArrayHeader(ref MessagePackReader reader, string field, out int count, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.Array)
        {
            count = 0;
            error = ProtocolErrors.WrongType(field, "an array", ref reader);
            return false;
        }

        count = reader.ReadArrayHeader();
        error = null;
        return true;
    }

    public static bool TryReadArrayHeader(ref MessagePackReader reader, string field, int expected, [NotNullWhen(false)] out string? error)
    {
        if (!TryReadArrayHeader(ref reader, field, out int count, out error))
        {
            return false;
        }

        if (count != expected)
        {
            error = ProtocolErrors.WrongArrayLength(field, expected, count);
            return false;
        }

        return true;
    }

    public static bool TryReadInt64(ref MessagePackReader reader, string field, out long value, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.Integer)
        {
            value = 0;
            error = ProtocolErrors.WrongType(field, "an integer", ref reader);
            return false;
        }

        if (reader.NextCode == MessagePackCode.UInt64)
        {
            ulong big = reader.ReadUInt64();
            if (big > long.MaxValue)
            {
                value = 0;
                error = ProtocolErrors.OutOfRange(field, "a 64-bit signed integer", big.ToString(CultureInfo.InvariantCulture));
                return false;
            }

            value = (long)big;
        }
        else
        {
            value = reader.ReadInt64();
        }

        error = null;
        return true;
    }

    public static bool TryReadInt32(ref MessagePackReader reader, string field, int min, out int value, [NotNullWhen(false)] out string? error)
    {
        if (!TryReadInt64(ref reader, field, out long wide, out error))
        {
            value = 0;
            return false;
        }

        if (wide < min || wide > int.MaxValue)
        {
            value = 0;
            error = ProtocolErrors.OutOfRange(
                field,
                string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {int.MaxValue}"),
                wide.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        value = (int)wide;
        return true;
    }

    public static bool TryReadUInt64(ref MessagePackReader reader, string field, out ulong value, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.Integer)
        {
            value = 0;
            error = ProtocolErrors.WrongType(field, "an unsigned integer", ref reader);
            return false;
        }

        // Signed codes may still hold non-negative values; only a negative value is out of range.
        byte code = reader.NextCode;
        if (code is MessagePackCode.Int8 or MessagePackCode.Int16 or MessagePackCode.Int32 or MessagePackCode.Int64
            || code >= MessagePackCode.MinNegativeFixInt)
        {
            long signed = reader.ReadInt64();
            if (signed < 0)
            {
                value = 0;
                error = ProtocolErrors.OutOfRange(field, "an unsigned integer", signed.ToString(CultureInfo.InvariantCulture));
                return false;
            }

            value = (ulong)signed;
        }
        else
        {
            value = reader.ReadUInt64();
        }

        error = null;
        return true;
    }

    public static bool TryReadString(ref MessagePackReader reader, string field, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.String)
        {
            value = null;
            error = ProtocolErrors.WrongType(field, "a str", ref reader);
            return false;
        }

        value = reader.ReadString()!;
        error = null;
        return true;
    }

    public static bool TryReadEnd(ref MessagePackReader reader, string message, [NotNullWhen(false)] out string? error)
    {
        if (reader.End)
        {
            error = null;
            return true;
        }

        error = ProtocolErrors.TrailingBytes(message, reader.Sequence.Length - reader.Consumed);
        return false;
    }

    /// <summary>
    /// The exceptions <see cref="MessagePackReader"/> throws for bytes that are not well-formed
    /// MessagePack: cut-off values, reserved codes, and (as ArgumentOutOfRangeException from
    /// slicing) str or bin lengths above 2 GiB. Callers turn them into error values.
    /// </summary>
    public static bool IsMalformed(Exception exception) =>
        exception is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentOutOfRangeException;
}
