using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;

namespace Clipper.Configuration.Redis;

/// <summary>
/// Labels are stored as a JSON array of strings. Clipper joined them with ',' and had to forbid that
/// character in labels; JSON needs no such rule.
/// </summary>
internal static class RedisLabels
{
    public static string Encode(ImmutableArray<string> labels)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var label in labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static bool TryDecode(string json, out ImmutableArray<string> labels, out string? reason)
    {
        labels = [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array
                || document.RootElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                reason = "labels is not a JSON array of strings";
                return false;
            }

            labels = document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToImmutableArray();
            reason = null;
            return true;
        }
        catch (JsonException ex)
        {
            reason = "labels is not JSON: " + ex.Message;
            return false;
        }
    }
}
