using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using csFastFloat;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Reads the current number token as <see cref="Utf8JsonReader.TryGetDouble(out double)"/> and its siblings
/// would, faster and without their allocation when the token spans buffer segments.
/// </summary>
/// <remarks>
/// Floating-point tokens are converted by csFastFloat (Lemire's fast_float): correctly rounded, as the
/// runtime's parser, at a fraction of its cost; numbers are most of a model input's bytes. A token across
/// segments is copied onto the stack first (the reader would copy it into a new array).
/// </remarks>
internal static class JsonNumbers
{
    // Longer number tokens (legal, if absurd) take the reader's own path.
    private const int MaxStackToken = 128;

    /// <summary>The number as a double; false when the text is not one (the reader validated it as JSON).</summary>
    public static bool TryGetDouble(ref Utf8JsonReader reader, out double value)
    {
        if (!reader.HasValueSequence)
        {
            return ParseDouble(reader.ValueSpan, out value);
        }

        if (reader.ValueSequence.Length > MaxStackToken)
        {
            return reader.TryGetDouble(out value);
        }

        Span<byte> token = stackalloc byte[MaxStackToken];
        return ParseDouble(Flatten(reader.ValueSequence, token), out value);
    }

    /// <summary>The number as a float, rounded once from its text; false when the text is not one.</summary>
    public static bool TryGetSingle(ref Utf8JsonReader reader, out float value)
    {
        if (!reader.HasValueSequence)
        {
            return ParseSingle(reader.ValueSpan, out value);
        }

        if (reader.ValueSequence.Length > MaxStackToken)
        {
            return reader.TryGetSingle(out value);
        }

        Span<byte> token = stackalloc byte[MaxStackToken];
        return ParseSingle(Flatten(reader.ValueSequence, token), out value);
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

    /// <summary>A JSON number token as a double, correctly rounded; out-of-range values become infinities.</summary>
    internal static bool ParseDouble(ReadOnlySpan<byte> token, out double value) =>
        FastDoubleParser.TryParseDouble(token, out int consumed, out value) && consumed == token.Length;

    /// <summary>A JSON number token as a float, rounded once from its text; out-of-range values become infinities.</summary>
    internal static bool ParseSingle(ReadOnlySpan<byte> token, out float value) =>
        FastFloatParser.TryParseFloat(token, out int consumed, out value) && consumed == token.Length;

    private static Span<byte> Flatten(in ReadOnlySequence<byte> sequence, Span<byte> buffer)
    {
        sequence.CopyTo(buffer);
        return buffer[..(int)sequence.Length];
    }
}
