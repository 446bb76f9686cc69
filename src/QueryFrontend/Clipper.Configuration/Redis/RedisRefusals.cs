using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Clipper.Configuration.Redis;

/// <summary>A frontend's recently refused containers, stored as a JSON array in its lease hash.</summary>
internal static class RedisRefusals
{
    public static string Encode(IReadOnlyList<RefusedContainerRecord> refusals)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var refusal in refusals)
            {
                writer.WriteStartObject();
                writer.WriteString("at", refusal.At.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteString("protocol", refusal.Protocol);
                writer.WriteString("address", refusal.Address);
                writer.WriteString("model", refusal.Model);
                writer.WriteString("reason", refusal.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads the array; entries it cannot read are skipped (they are informational), a non-array is an error.</summary>
    public static bool TryDecode(string json, out IReadOnlyList<RefusedContainerRecord> refusals, out string? reason)
    {
        refusals = [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                reason = "refused_containers is not a JSON array";
                return false;
            }

            var list = new List<RefusedContainerRecord>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && Text(entry, "at") is { } atText
                    && DateTimeOffset.TryParseExact(atText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    && Text(entry, "protocol") is { } protocol
                    && Text(entry, "address") is { } address
                    && Text(entry, "reason") is { } why)
                {
                    list.Add(new RefusedContainerRecord { At = at, Protocol = protocol, Address = address, Model = Text(entry, "model") ?? "", Reason = why });
                }
            }

            refusals = list;
            reason = null;
            return true;
        }
        catch (JsonException ex)
        {
            reason = "refused_containers is not JSON: " + ex.Message;
            return false;
        }
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
