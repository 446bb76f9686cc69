using System.Diagnostics.CodeAnalysis;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration.Validation;

/// <summary>
/// The rules a configuration must follow, as pure functions returning the first broken rule (or
/// <see langword="null"/>). Shared by the management API, the store (which re-checks every change
/// against the state it is applied to), the query frontend and the CLI.
/// </summary>
public static partial class ConfigurationValidator
{
    /// <summary>Checks that a value is a DNS-1123 label.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field it came from, for example <c>model_name</c>.</param>
    /// <param name="subject">What it names, for example <c>model name</c>.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateName(string? value, string field, string subject) =>
        ModelNames.IsValid(value) ? null : ConfigurationErrors.InvalidName(field, subject, value);

    /// <summary>Parses an input type name or alias (Clipper's spellings).</summary>
    /// <param name="value">The name, for example <c>doubles</c> or <c>ints</c>.</param>
    /// <param name="field">The field it came from.</param>
    /// <param name="inputType">The parsed type.</param>
    /// <param name="error">The error when the name is unknown.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParseInputType(string? value, string field, out InputType inputType, [NotNullWhen(false)] out ConfigurationError? error)
    {
        if (InputTypes.TryParse(value, out inputType))
        {
            error = null;
            return true;
        }

        error = ConfigurationErrors.UnknownInputType(field, value);
        return false;
    }

    /// <summary>Checks a latency objective: a positive number of microseconds.</summary>
    /// <param name="latencySloMicros">The objective.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateLatencySlo(long latencySloMicros) =>
        latencySloMicros > 0 ? null : ConfigurationErrors.InvalidLatencySlo(latencySloMicros);

    /// <summary>Checks a batch size: positive, or -1 for adaptive batching.</summary>
    /// <param name="batchSize">The batch size.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateBatchSize(int batchSize) =>
        batchSize > 0 || batchSize == ModelVersionRecord.AdaptiveBatchSize ? null : ConfigurationErrors.InvalidBatchSize(batchSize);

    /// <summary>Checks an application's own fields (not whether it may be added to a given state).</summary>
    /// <param name="application">The application.</param>
    /// <returns>The first error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateApplication(ApplicationRecord application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return ValidateName(application.Name, "name", "application name")
            ?? ValidateInputType(application.InputType, "input_type")
            ?? (application.DefaultOutput is null ? ConfigurationErrors.InvalidValue("default_output", "it must be a string") : null)
            ?? ValidateLatencySlo(application.LatencySloMicros)
            ?? (Enum.IsDefined(application.Policy) ? null : ConfigurationErrors.UnknownSelectionPolicy(application.Policy.ToString()))
            ?? ValidateNames(application.LinkedModels, "model_names", "model name");
    }

    /// <summary>Checks a model version's own fields.</summary>
    /// <param name="model">The model version.</param>
    /// <returns>The first error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateModelVersion(ModelVersionRecord model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ValidateName(model.Name, "model_name", "model name")
            ?? ValidateName(model.Version, "model_version", "model version")
            ?? ValidateInputType(model.InputType, "input_type")
            ?? ValidateBatchSize(model.BatchSize)
            ?? ValidateCacheBytes(model.CacheBytes)
            ?? ValidateLabels(model.Labels)
            ?? (model.ContainerName is null ? ConfigurationErrors.InvalidValue("container_name", "it must be a string") : null)
            ?? (model.ModelDataPath is null ? ConfigurationErrors.InvalidValue("model_data_path", "it must be a string") : null);
    }

    /// <summary>Checks a replica's own fields.</summary>
    /// <param name="replica">The replica.</param>
    /// <returns>The first error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateReplica(ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return ValidateName(replica.ModelName, "model_name", "model name")
            ?? ValidateName(replica.ModelVersion, "model_version", "model version")
            ?? (replica.ReplicaId < 0 ? ConfigurationErrors.InvalidReplicaId(replica.ReplicaId) : null)
            ?? (string.IsNullOrWhiteSpace(replica.FrontendId) ? ConfigurationErrors.InvalidValue("frontend_id", "it must be a non-empty string") : null)
            ?? (replica.ContainerId is null ? ConfigurationErrors.InvalidValue("container_id", "it must be a string") : null)
            ?? (replica.Address is null ? ConfigurationErrors.InvalidValue("address", "it must be a string") : null)
            ?? (replica.Reconnects < 0 ? ConfigurationErrors.InvalidValue("reconnects", "it must be 0 or more; got " + replica.Reconnects.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null)
            ?? (string.IsNullOrWhiteSpace(replica.State) ? ConfigurationErrors.InvalidValue("state", "it must be a non-empty string") : null);
    }

    private static ConfigurationError? ValidateInputType(InputType inputType, string field) =>
        InputTypes.IsDefined(inputType) ? null : ConfigurationErrors.UnknownInputType(field, inputType.ToString());

    private static ConfigurationError? ValidateNames(IEnumerable<string> names, string field, string subject)
    {
        foreach (var name in names)
        {
            if (ValidateName(name, field, subject) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static ConfigurationError? ValidateLabels(IEnumerable<string> labels)
    {
        foreach (var label in labels)
        {
            if (label is null)
            {
                return ConfigurationErrors.InvalidValue("labels", "every label must be a string");
            }
        }

        return null;
    }
}
