using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// The options of an application's links, one field per linked model in its <c>link-options:&lt;app&gt;</c> hash: the
/// model name, then a JSON object <c>{"weight": W, "shadow_percent": S}</c>. A linked model without a field has
/// <see cref="ModelLink.Default"/>.
/// </summary>
internal static class RedisLinkOptions
{
    public static HashEntry Encode(ModelLink link)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("weight", link.Weight);
            writer.WriteNumber("shadow_percent", link.ShadowPercent);
            writer.WriteEndObject();
        }

        return new HashEntry(link.Model, buffer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Reads the options of the linked models, ordered by model name. Fields of models that are not linked are ignored;
    /// a field that cannot be read is reported in <paramref name="problems"/> and its link keeps the default options
    /// (served, weight 1), so a bad field never takes a model out of service.
    /// </summary>
    public static ImmutableArray<ModelLink> Decode(HashEntry[] hash, ImmutableArray<string> linkedModels, List<string> problems)
    {
        if (hash.Length == 0)
        {
            return [];
        }

        var links = ImmutableArray.CreateBuilder<ModelLink>(hash.Length);
        foreach (var entry in hash)
        {
            var model = entry.Name.ToString();
            if (!linkedModels.Contains(model, StringComparer.Ordinal))
            {
                continue;
            }

            if (TryDecode(model, entry.Value.ToString(), out var link, out var reason))
            {
                links.Add(link);
            }
            else
            {
                problems.Add(reason);
            }
        }

        links.Sort((a, b) => string.CompareOrdinal(a.Model, b.Model));
        return links.ToImmutable();
    }

    private static bool TryDecode(string model, string json, out ModelLink link, out string reason)
    {
        link = null!;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetInt(root, "weight", out var weight)
                || !TryGetInt(root, "shadow_percent", out var shadow))
            {
                reason = $"model {model}: expected an object with integers 'weight' and 'shadow_percent'; the link keeps the default options";
                return false;
            }

            if (weight is < 0 or > ModelLink.MaxWeight || shadow is < 0 or > 100)
            {
                reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"model {model}: weight {weight} (0 to {ModelLink.MaxWeight}) or shadow_percent {shadow} (0 to 100) out of range; the link keeps the default options");
                return false;
            }

            link = new ModelLink { Model = model, Weight = weight, ShadowPercent = shadow };
            reason = "";
            return true;
        }
        catch (JsonException ex)
        {
            reason = $"model {model}: not JSON ({ex.Message}); the link keeps the default options";
            return false;
        }
    }

    private static bool TryGetInt(JsonElement entry, string name, out int value)
    {
        value = 0;
        return entry.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt32(out value);
    }
}
