using System.Globalization;

namespace Clipper.Configuration.Validation;

/// <summary>Errors about our link options, selection policies and prediction caches (extensions: Clipper has none of them).</summary>
public static partial class ConfigurationErrors
{
    /// <summary>A link weight outside 0 to <see cref="ModelLink.MaxWeight"/>.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidLinkWeight(long value) => new(
        ConfigurationErrorCode.InvalidValue,
        "weight",
        $"Invalid weight {value.ToString(CultureInfo.InvariantCulture)}: a link's weight must be 0 (linked, but sent no queries) to " +
        $"{ModelLink.MaxWeight.ToString(CultureInfo.InvariantCulture)}; a served model's share of the queries is its weight over the sum of the served links' weights");

    /// <summary>A shadow share outside 0 to 100.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidShadowPercent(long value) => new(
        ConfigurationErrorCode.InvalidValue,
        "shadow_percent",
        $"Invalid shadow_percent {value.ToString(CultureInfo.InvariantCulture)}: it must be 0 (a served link) or 1 to 100 " +
        "(a shadow: that percentage of the application's queries is also sent to it, and its answers are never returned)");

    /// <summary>A selection policy name that is not known.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError UnknownSelectionPolicy(string? value) => new(
        ConfigurationErrorCode.InvalidValue, "policy", $"Invalid policy '{value}': expected one of {SelectionPolicies.Names}");

    /// <summary>A prediction cache bound outside 0 to <see cref="ModelVersionRecord.MaxCacheBytes"/>.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidCacheBytes(long value) => new(
        ConfigurationErrorCode.InvalidValue,
        "cache_bytes",
        $"Invalid cache_bytes {value.ToString(CultureInfo.InvariantCulture)}: the prediction cache's bound must be 0 (no cache) to " +
        $"{ModelVersionRecord.MaxCacheBytes.ToString(CultureInfo.InvariantCulture)} bytes (16 GiB); the default is " +
        $"{ModelVersionRecord.DefaultCacheBytes.ToString(CultureInfo.InvariantCulture)} (32 MiB)");
}
