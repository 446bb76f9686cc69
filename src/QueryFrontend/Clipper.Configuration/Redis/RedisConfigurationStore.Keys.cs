using Clipper.Configuration.Keys;
using Clipper.Configuration.Validation;

namespace Clipper.Configuration.Redis;

/// <summary>API keys: changes like any other, so that every frontend learns them through the change channel.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<ConfigurationResult> AddApiKeyAsync(string applicationName, ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(key);
        return ChangeAsync(
            ChangeOperations.AddApiKey,
            applicationName + " " + SubjectOf(key.KeyId),
            state => ConfigurationValidator.CheckAddApiKey(state, applicationName, key),
            (transaction, state) => _ = transaction.HashSetAsync(_keys.ApiKeys(applicationName), [RedisApiKeys.Encode(key)]),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> DeleteApiKeyAsync(string applicationName, string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(keyId);
        return ChangeAsync(
            ChangeOperations.DeleteApiKey,
            applicationName + " " + SubjectOf(keyId),
            state => ConfigurationValidator.CheckDeleteApiKey(state, applicationName, keyId),
            (transaction, state) => _ = transaction.HashDeleteAsync(_keys.ApiKeys(applicationName), keyId),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> SetRequireKeyAsync(string applicationName, bool requireKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        return ChangeAsync(
            ChangeOperations.SetRequireKey,
            applicationName + (requireKey ? " on" : " off"),
            state => ConfigurationValidator.CheckSetRequireKey(state, applicationName),
            (transaction, state) => _ = transaction.HashSetAsync(_keys.Application(applicationName), "require_key", requireKey ? "true" : "false"),
            cancellationToken);
    }

    /// <summary>A key id as change logs and notifications may show it: a caller may pass a whole key by mistake, which must not reach them.</summary>
    private static string SubjectOf(string keyId) => ApiKeyFormat.TryParseKeyId(keyId, out _) ? keyId : "(not a key id)";
}
