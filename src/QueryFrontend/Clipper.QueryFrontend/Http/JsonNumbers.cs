using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Reads the current number token like <see cref="Utf8JsonReader.TryGetDouble(out double)"/> and its
/// siblings, without their allocation when the token spans buffer segments (the reader copies such a
/// token into a new array; here it is copied onto the stack). Request bodies arrive in 4 KB segments,
/// so a long input has a number across a boundary every few hundred values.
/// </summary>
internal static class JsonNumbers
{
    // Longer number tokens (legal, if absurd) take the reader's own path.
    private const int MaxStackToken = 128;

    /// <summary>The number as a double; false when the text is not one (the reader validated it as JSON).</summary>
    public static bool TryGetDouble(ref Utf8JsonReader reader, out double value)
    {
        if (!reader.HasValueSequence || reader.ValueSequence.Length > MaxStackToken)
        {
            return reader.TryGetDouble(out value);
        }

        Span<byte> token = stackalloc byte[MaxStackToken];
        token = Flatten(reader.ValueSequence, token);
        return Utf8Parser.TryParse(token, out value, out int consumed) && consumed == token.Length;
    }

    /// <summary>The number as a float, rounded once from its text; false when the text is not one.</summary>
    public static bool TryGetSingle(ref Utf8JsonReader reader, out float value)
    {
        if (!reader.HasValueSequence || reader.ValueSequence.Length > MaxStackToken)
        {
            return reader.TryGetSingle(out value);
        }

        Span<byte> token = stackalloc byte[MaxStackToken];
        token = Flatten(reader.ValueSequence, token);
        return Utf8Parser.TryParse(token, out value, out int consumed) && consumed == token.Length;
    }

    /// <summary>The number as an int32; false when it has a fraction or exponent, or is out of range.</summary>
    public static bool TryGetInt32(ref Utf8JsonReader reader, out int value)
    {
        if (!reader.HasValueSequence || reader.ValueSequence.Length > MaxStackToken)
        {
            return reader.TryGetInt32(out value);
        }

        Span<byte> token = stackalloc byte[MaxStackToken];
        token = Flatten(reader.ValueSequence, token);
        return Utf8Parser.TryParse(token, out value, out int consumed) && consumed == token.Length;
    }

    private static Span<byte> Flatten(in ReadOnlySequence<byte> sequence, Span<byte> buffer)
    {
        sequence.CopyTo(buffer);
        return buffer[..(int)sequence.Length];
    }
}
