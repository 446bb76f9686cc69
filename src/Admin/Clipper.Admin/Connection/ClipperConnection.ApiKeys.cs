using System.Globalization;
using System.Text.Json;

namespace Clipper.Admin.Connection;

/// <summary>API keys of applications (ours, beside Clipper's API).</summary>
public sealed partial class ClipperConnection
{
    /// <summary>
    /// Registers an application, as <see cref="RegisterApplicationAsync(string, string, string, long, CancellationToken)"/> does, that
    /// requires an API key when <paramref name="requireKey"/>: then its predictions are refused (401) until a key made by
    /// <see cref="CreateApiKeyAsync"/> is sent.
    /// </summary>
    public Task RegisterApplicationAsync(string name, string inputType, string defaultOutput, long sloMicros, bool requireKey, CancellationToken cancellationToken = default) =>
        requireKey
            ? Management.PostAsync("add_app", new { name, input_type = inputType, default_output = defaultOutput, latency_slo_micros = sloMicros, require_key = true }, cancellationToken)
            : RegisterApplicationAsync(name, inputType, defaultOutput, sloMicros, cancellationToken);

    /// <summary>Makes an API key for an application. The answer holds the only copy of the key: keep it, it cannot be shown again.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="label">What the key is for (at most 100 characters, no control characters); may be empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<CreatedApiKey> CreateApiKeyAsync(string appName, string label = "", CancellationToken cancellationToken = default)
    {
        var json = await Management.QueryAsync("add_api_key", new { app_name = appName, label }, cancellationToken).ConfigureAwait(false);
        return Read(() => new CreatedApiKey(json.GetProperty("app_name").GetString()!, ReadKey(json), json.GetProperty("key").GetString()!), "add_api_key");
    }

    /// <summary>Whether an application requires a key, and its keys (ids, labels, creation times; never the keys).</summary>
    public async Task<ApplicationKeys> ListApiKeysAsync(string appName, CancellationToken cancellationToken = default)
    {
        var json = await Management.QueryAsync("get_api_keys", new { app_name = appName }, cancellationToken).ConfigureAwait(false);
        return Read(
            () => new ApplicationKeys(
                json.GetProperty("app_name").GetString()!,
                json.GetProperty("require_key").GetBoolean(),
                [.. json.GetProperty("keys").EnumerateArray().Select(ReadKey)]),
            "get_api_keys");
    }

    /// <summary>Revokes an application's key: frontends refuse it once they follow the change (within the configuration watch latency).</summary>
    /// <param name="appName">The application.</param>
    /// <param name="keyId">The key's id (16 hexadecimal characters, as <see cref="ListApiKeysAsync"/> lists it), not the key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task RevokeApiKeyAsync(string appName, string keyId, CancellationToken cancellationToken = default) =>
        Management.PostAsync("delete_api_key", new { app_name = appName, key_id = keyId }, cancellationToken);

    /// <summary>Turns on or off whether an application's predictions must present one of its keys.</summary>
    public Task SetRequireKeyAsync(string appName, bool requireKey, CancellationToken cancellationToken = default) =>
        Management.PostAsync("set_require_key", new { app_name = appName, require_key = requireKey }, cancellationToken);

    private static ApiKeyInfo ReadKey(JsonElement key) => new(
        key.GetProperty("key_id").GetString()!,
        key.GetProperty("label").GetString()!,
        DateTimeOffset.Parse(key.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    private static T Read<T>(Func<T> read, string operation, string fields = "app_name, key_id, label, created_at")
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ClipperException($"The management frontend answered {operation} without the fields expected ({fields}...; {ex.Message}): is it an older version?", ex);
        }
    }
}
