namespace Clipper.Configuration;

/// <summary>Why a configuration change was refused: the field at fault, the rule it broke, and a sentence for people.</summary>
/// <param name="Code">The rule that was broken.</param>
/// <param name="Field">The request field at fault, as Clipper's management API names it (for example <c>latency_slo_micros</c>).</param>
/// <param name="Message">What was wrong, with the value received and what was expected (Clipper's wording where it has one).</param>
public sealed record ConfigurationError(ConfigurationErrorCode Code, string Field, string Message)
{
    /// <summary>The rule as a short stable name, for example <c>dns-1123-label</c> or <c>one-model-per-app</c>.</summary>
    public string Rule => Code switch
    {
        ConfigurationErrorCode.InvalidName => "dns-1123-label",
        ConfigurationErrorCode.UnknownInputType => "known-input-type",
        ConfigurationErrorCode.InvalidLatencySlo => "positive-latency-slo",
        ConfigurationErrorCode.InvalidBatchSize => "positive-or-adaptive-batch-size",
        ConfigurationErrorCode.InvalidValue => "valid-value",
        ConfigurationErrorCode.AlreadyExists => "unique",
        ConfigurationErrorCode.NotFound => "must-exist",
        ConfigurationErrorCode.InputTypeMismatch => "same-input-type",
        ConfigurationErrorCode.OneModelPerApplication => "one-model-per-app",
        ConfigurationErrorCode.AlreadyLinked => "not-already-linked",
        ConfigurationErrorCode.LinkNotFound => "link-must-exist",
        ConfigurationErrorCode.ConcurrentModification => "no-concurrent-change",
        ConfigurationErrorCode.Conflict => "unchanged-since-read",
        _ => "unknown",
    };

    /// <summary>The message followed by the field and rule: <c>"&lt;message&gt; [field: name, rule: unique]"</c>.</summary>
    /// <returns>The text the management API answers with.</returns>
    public override string ToString() => Message + " [field: " + Field + ", rule: " + Rule + "]";
}
