using System.Globalization;

namespace Clipper.QueryFrontend.Batching;

/// <summary>The exceptions of the batching feature, built in one place so that each names what was wrong, the value and what was expected.</summary>
internal static class BatchingErrors
{
    /// <summary>An option or argument outside its range.</summary>
    /// <param name="name">The option or parameter name.</param>
    /// <param name="value">The value received.</param>
    /// <param name="expected">What was expected, as a phrase ("at least 1").</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentOutOfRangeException OutOfRange(string name, object value, string expected)
        => new(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} was {value}; expected {expected}."));

    /// <summary>A batch size from configuration that is neither adaptive nor positive.</summary>
    /// <param name="configuredBatchSize">The value received.</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentOutOfRangeException InvalidConfiguredBatchSize(int configuredBatchSize)
        => OutOfRange("batchSize", configuredBatchSize, $"{BatchSizePolicyFactory.AdaptiveBatchSize} (adaptive) or a positive fixed size");

    /// <summary>A policy name that is not known.</summary>
    /// <param name="policyName">The name received.</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentException UnknownPolicy(string policyName)
        => new($"Batch size policy '{policyName}' is not known; expected '{BatchSizePolicyNames.Fixed}' or '{BatchSizePolicyNames.Aimd}'.", nameof(policyName));
}
