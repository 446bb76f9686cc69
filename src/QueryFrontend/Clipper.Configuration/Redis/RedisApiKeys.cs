using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Clipper.Configuration.Keys;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// An application's API keys, one field per key in its <c>app-keys:&lt;app&gt;</c> hash: the key id, then a JSON
/// object with <c>sha256</c> (the secret's hash, lower-case hexadecimal), <c>label</c> and <c>created_at</c> (ISO 8601).
/// </summary>
internal static class RedisApiKeys
{
    public static HashEntry Encode(ApiKeyRecord key)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sha256", Convert.ToHexStringLower(key.SecretHash.AsSpan()));
            writer.WriteString("label", key.Label);
            writer.WriteString("created_at", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return new HashEntry(key.KeyId, buffer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Reads every key of one application, ordered by key id. A field it cannot read is left out and reported in
    /// <paramref name="problems"/>: a key that cannot be checked is a key that is refused.
    /// </summary>
    public static ImmutableArray<ApiKeyRecord> Decode(HashEntry[] hash, List<string> problems)
    {
        var keys = ImmutableArray.CreateBuilder<ApiKeyRecord>(hash.Length);
        foreach (var entry in hash)
        {
            if (TryDecode(entry.Name.ToString(), entry.Value.ToString(), out var key, out var reason))
            {
                keys.Add(key);
            }
            else
            {
                problems.Add(reason);
            }
        }

        keys.Sort((a, b) => string.CompareOrdinal(a.KeyId, b.KeyId));
        return keys.ToImmutable();
    }

    private static bool TryDecode(string keyId, string json, out ApiKeyRecord key, out string reason)
    {
        key = null!;
        if (!ApiKeyFormat.TryParseKeyId(keyId, out _))
        {
            reason = $"field '{keyId}' is not a key id (16 lower-case hexadecimal characters)";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "sha256") is not { Length: ApiKeyFormat.HashBytes * 2 } hashText
                || Text(root, "created_at") is not { } createdText)
            {
                reason = $"key {keyId}: expected an object with 'sha256' (64 hexadecimal characters) and 'created_at'";
                return false;
            }

            if (!DateTimeOffset.TryParseExact(createdText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var createdAt))
            {
                reason = $"key {keyId}: created_at '{createdText}' is not an ISO 8601 time";
                return false;
            }

            var secretHash = new byte[ApiKeyFormat.HashBytes];
            if (Convert.FromHexString(hashText, secretHash, out _, out var written) != OperationStatus.Done || written != secretHash.Length)
            {
                reason = $"key {keyId}: sha256 is not hexadecimal";
                return false;
            }

            key = new ApiKeyRecord { KeyId = keyId, SecretHash = [.. secretHash], Label = Text(root, "label") ?? "", CreatedAt = createdAt };
            reason = "";
            return true;
        }
        catch (JsonException ex)
        {
            reason = $"key {keyId}: not JSON ({ex.Message})";
            return false;
        }
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
