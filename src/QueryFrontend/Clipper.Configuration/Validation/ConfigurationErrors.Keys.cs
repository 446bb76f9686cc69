using System.Globalization;
using Clipper.Configuration.Keys;

namespace Clipper.Configuration.Validation;

/// <summary>Errors about API keys. None quotes a key id that is not one: it may be a whole key, pasted by mistake.</summary>
public static partial class ConfigurationErrors
{
    /// <summary>A key id that is not 16 lower-case hexadecimal characters.</summary>
    /// <param name="value">The value received; described, never quoted.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidKeyId(string? value) => new(
        ConfigurationErrorCode.InvalidValue,
        "key_id",
        value is null
            ? "Invalid key_id: it must be a string"
            : ApiKeyFormat.LooksLikeKey(value)
                ? $"Invalid key_id: a whole API key was given; give only its id, the {ApiKeyFormat.KeyIdLength} characters after '{ApiKeyFormat.Prefix}' (the key is not repeated here)"
                : $"Invalid key_id of {value.Length.ToString(CultureInfo.InvariantCulture)} characters: expected {ApiKeyFormat.KeyIdLength} lower-case hexadecimal characters, as the list of an application's keys shows them");

    /// <summary>A key label over the limit.</summary>
    /// <param name="length">The label's length.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError KeyLabelTooLong(int length) => new(
        ConfigurationErrorCode.InvalidValue,
        "label",
        $"Invalid label of {length.ToString(CultureInfo.InvariantCulture)} characters: a key's label has at most {Validation.ConfigurationValidator.MaxKeyLabelLength.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>add_api_key with an id the application already has (two random 64-bit ids met).</summary>
    /// <param name="appName">The application.</param>
    /// <param name="keyId">The key id.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ApiKeyExists(string appName, string keyId) => new(
        ConfigurationErrorCode.AlreadyExists, "key_id", $"Application '{appName}' already has an API key with id '{keyId}'");

    /// <summary>delete_api_key for a key the application does not have (already revoked, or another application's).</summary>
    /// <param name="appName">The application.</param>
    /// <param name="keyId">The key id.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ApiKeyNotFound(string appName, string keyId) => new(
        ConfigurationErrorCode.NotFound, "key_id", $"Application '{appName}' has no API key with id '{keyId}' (revoked already, or another application's)");
}
