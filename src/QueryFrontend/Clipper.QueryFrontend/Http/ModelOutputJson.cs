using System.Text.Json;
using System.Text.Unicode;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Decides Clipper's output rule: a model output that is one complete JSON value is embedded as JSON,
/// anything else is sent as a JSON string.
/// </summary>
internal static class ModelOutputJson
{
    /// <summary>Whether <paramref name="utf8"/> is exactly one JSON value, surrounded by nothing but whitespace.</summary>
    /// <param name="utf8">The output text.</param>
    /// <param name="value">The value without the surrounding whitespace, when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the text can be written as a raw JSON value.</returns>
    public static bool TryGetSingleValue(ReadOnlySpan<byte> utf8, out ReadOnlySpan<byte> value)
    {
        value = utf8.Trim(" \t\r\n"u8);
        return IsSingleValue(value);
    }

    private static bool IsSingleValue(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        // Plain text is the common non-JSON output, and the reader reports invalid JSON only by throwing,
        // which costs microseconds and allocates. Most text fails these byte checks without reaching it.
        switch (text[0])
        {
            case (byte)'t':
                return text.SequenceEqual("true"u8);
            case (byte)'f':
                return text.SequenceEqual("false"u8);
            case (byte)'n':
                return text.SequenceEqual("null"u8);
            case (byte)'{':
                return text[^1] == (byte)'}' && IsValidJson(text);
            case (byte)'[':
                return text[^1] == (byte)']' && IsValidJson(text);
            case (byte)'"':
                return text.Length > 1 && text[^1] == (byte)'"' && IsValidJson(text);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                return char.IsAsciiDigit((char)text[^1]) && IsValidJson(text);
            default:
                return false;
        }
    }

    private static bool IsValidJson(ReadOnlySpan<byte> text)
    {
        // The reader does not check that string contents are valid UTF-8; raw-embedding invalid UTF-8
        // would make the whole response invalid, so such output goes the string route (which repairs it).
        if (!Utf8.IsValid(text))
        {
            return false;
        }

        var reader = new Utf8JsonReader(text);
        try
        {
            // With the final block and one value allowed, the reader throws on anything after that value.
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
