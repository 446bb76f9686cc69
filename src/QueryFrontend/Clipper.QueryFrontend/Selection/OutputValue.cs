using System.Globalization;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// Reads a model's output (the UTF-8 text it returned) as a number, to average answers and to measure feedback.
/// </summary>
/// <remarks>
/// An output is numeric when, surrounded by nothing but JSON whitespace, it is a JSON number (<c>0.7</c>, <c>-2e3</c>)
/// or a JSON string whose whole content is a number in the invariant culture (<c>"1"</c>, <c>" 0.5 "</c>), and the
/// number is finite. Everything else is not: other JSON values (<c>[1,2]</c>, <c>true</c>, <c>"cat"</c>), text that
/// is not JSON (<c>1,5</c>, <c>01</c>), strings written with escapes (a number never needs one), and numbers too large
/// for a double (<c>1e400</c>), whose mean could not be written back as JSON.
/// </remarks>
internal static class OutputValue
{
    /// <summary>Whether <paramref name="utf8"/> is numeric (see the remarks), and its value.</summary>
    /// <param name="utf8">The output text.</param>
    /// <param name="value">The number when this returns <see langword="true"/>; else zero.</param>
    /// <returns><see langword="true"/> when the output is numeric.</returns>
    public static bool TryGetNumber(ReadOnlySpan<byte> utf8, out double value)
    {
        var text = utf8.Trim(" \t\r\n"u8);
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        bool parsed;
        if (text[0] == (byte)'"')
        {
            if (!TryGetStringContent(text, out var content))
            {
                return false;
            }

            parsed = double.TryParse(content, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        else
        {
            parsed = IsJsonNumber(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        if (parsed && double.IsFinite(value))
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The content of a JSON string written without escapes (<c>"..."</c>, nothing after the closing quote).</summary>
    /// <param name="text">The trimmed output, starting with a quote.</param>
    /// <param name="content">The bytes between the quotes.</param>
    /// <returns><see langword="false"/> when the text is not such a string.</returns>
    private static bool TryGetStringContent(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> content)
    {
        content = default;
        if (text.Length < 2 || text[0] != (byte)'"' || text[^1] != (byte)'"')
        {
            return false;
        }

        var inner = text[1..^1];
        foreach (var b in inner)
        {
            // A quote inside means the text is not one string; a backslash starts an escape, which a number never
            // needs; control characters are not allowed in JSON strings.
            if (b is (byte)'"' or (byte)'\\' or < 0x20)
            {
                return false;
            }
        }

        content = inner;
        return true;
    }

    /// <summary>Whether the text is exactly a JSON number (RFC 8259: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>).</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (text[i] == (byte)'-')
        {
            i++;
        }

        if (i == text.Length)
        {
            return false;
        }

        if (text[i] == (byte)'0')
        {
            i++;
        }
        else if (!SkipDigits(text, ref i))
        {
            return false;
        }

        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            if (!SkipDigits(text, ref i))
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (!SkipDigits(text, ref i))
            {
                return false;
            }
        }

        return i == text.Length;
    }

    /// <summary>Moves past one or more ASCII digits; false when there is none.</summary>
    private static bool SkipDigits(ReadOnlySpan<byte> text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }

        return i > start;
    }
}
