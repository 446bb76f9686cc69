using System.Globalization;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration.Validation;

/// <summary>Errors about model versions and replicas.</summary>
public static partial class ConfigurationErrors
{
    /// <summary>add_model for a name and version that are taken.</summary>
    /// <param name="id">The model version.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ModelVersionExists(ModelVersionId id) => new(
        ConfigurationErrorCode.AlreadyExists, "model_version", $"model with name '{id.Name}' and version '{id.Version}' already exists");

    /// <summary>delete_versioned_model for an unknown version.</summary>
    /// <param name="id">The model version.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ModelVersionNotFound(ModelVersionId id) => new(
        ConfigurationErrorCode.NotFound, "model_version", $"model with name '{id.Name}' and version '{id.Version}' does not exist");

    /// <summary>set_model_version for a model without versions.</summary>
    /// <param name="modelName">The model name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ModelNotFound(string modelName) => new(
        ConfigurationErrorCode.NotFound, "model_name", $"Cannot set version for nonexistent model '{modelName}'");

    /// <summary>set_model_version for an unknown version of a known model.</summary>
    /// <param name="id">The model version.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError VersionToSetNotFound(ModelVersionId id) => new(
        ConfigurationErrorCode.NotFound, "model_version", $"Cannot set non-existent version '{id.Version}' for model with name '{id.Name}'");

    /// <summary>A new or newly current version whose input type differs from an application the model is linked to.</summary>
    /// <param name="field">The field at fault (<c>input_type</c> for add_model, <c>model_version</c> for set_model_version).</param>
    /// <param name="modelName">The model name.</param>
    /// <param name="appName">The linked application.</param>
    /// <param name="appType">The application's input type.</param>
    /// <param name="modelType">The version's input type.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError VersionInputTypeMismatch(string field, string modelName, string appName, InputType appType, InputType modelType) => new(
        ConfigurationErrorCode.InputTypeMismatch,
        field,
        $"Model with name '{modelName}' is already linked to app '{appName}' using input type '{appType.ToName()}'. " +
        $"The input type you provided for a new version of the model, '{modelType.ToName()}', is not compatible.");

    /// <summary>A replica id that is negative.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidReplicaId(int value) => new(
        ConfigurationErrorCode.InvalidValue, "replica_id", $"Invalid replica_id {value.ToString(CultureInfo.InvariantCulture)}: it must not be negative");

    /// <summary>remove of a replica that is not registered.</summary>
    /// <param name="key">The replica.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ReplicaNotFound(ReplicaKey key) => new(
        ConfigurationErrorCode.NotFound, "replica_id", $"No replica '{key}' is registered");

    /// <summary>A change that lost the race against other changes too many times.</summary>
    /// <param name="attempts">How many times it was tried.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ConcurrentModification(int attempts) => new(
        ConfigurationErrorCode.ConcurrentModification,
        "*",
        $"The configuration kept changing while this change was applied ({attempts.ToString(CultureInfo.InvariantCulture)} attempts); nothing was changed, retry");
}
