using Clipper.Configuration.Keys;

namespace Clipper.Configuration.Validation;

/// <summary>The rules of API keys.</summary>
public static partial class ConfigurationValidator
{
    /// <summary>The longest label a key may carry, in characters.</summary>
    public const int MaxKeyLabelLength = 100;

    /// <summary>Checks a key id: 16 lower-case hexadecimal characters. The error never quotes the value, which may be a whole key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateKeyId(string? keyId) =>
        ApiKeyFormat.TryParseKeyId(keyId, out _) ? null : ConfigurationErrors.InvalidKeyId(keyId);

    /// <summary>Checks a key label: at most <see cref="MaxKeyLabelLength"/> characters, none of them a control character.</summary>
    /// <param name="label">The label.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateKeyLabel(string? label)
    {
        if (label is null)
        {
            return ConfigurationErrors.InvalidValue("label", "it must be a string");
        }

        if (label.Length > MaxKeyLabelLength)
        {
            return ConfigurationErrors.KeyLabelTooLong(label.Length);
        }

        return label.AsSpan().IndexOfAnyInRange('\0', '\x1f') >= 0 || label.Contains('\x7f', StringComparison.Ordinal)
            ? ConfigurationErrors.InvalidValue("label", "it must not hold control characters (line breaks, tabs...)")
            : null;
    }

    /// <summary>Checks that a key may be added: valid id, hash and label; the application exists; the id is not taken.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="key">The key.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckAddApiKey(ClusterConfiguration state, string applicationName, ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(key);
        if ((ValidateKeyId(key.KeyId) ?? ValidateKeyLabel(key.Label)) is { } error)
        {
            return error;
        }

        if (key.SecretHash.IsDefault || key.SecretHash.Length != ApiKeyFormat.HashBytes)
        {
            return ConfigurationErrors.InvalidValue("sha256", $"the hash of a key's secret must be {ApiKeyFormat.HashBytes} bytes (SHA-256)");
        }

        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.ApplicationNotFound(applicationName);
        }

        return FindKey(application, key.KeyId) is null ? null : ConfigurationErrors.ApiKeyExists(applicationName, key.KeyId);
    }

    /// <summary>Checks that a key may be revoked: the application exists and holds a key with that id.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="keyId">The key id.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckDeleteApiKey(ClusterConfiguration state, string applicationName, string keyId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ValidateKeyId(keyId) is { } error)
        {
            return error;
        }

        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.ApplicationNotFound(applicationName);
        }

        return FindKey(application, keyId) is null ? ConfigurationErrors.ApiKeyNotFound(applicationName, keyId) : null;
    }

    /// <summary>Checks that the application whose key requirement changes exists.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckSetRequireKey(ClusterConfiguration state, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Applications.ContainsKey(applicationName) ? null : ConfigurationErrors.ApplicationNotFound(applicationName);
    }

    private static ApiKeyRecord? FindKey(ApplicationRecord application, string keyId)
    {
        foreach (var key in application.ApiKeys)
        {
            if (string.Equals(key.KeyId, keyId, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }
}
