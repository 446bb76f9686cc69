using System.Globalization;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration.Validation;

/// <summary>
/// Builds every <see cref="ConfigurationError"/>, so the wording stays in one place. Sentences follow
/// Clipper's management frontend where it has one.
/// </summary>
public static partial class ConfigurationErrors
{
    /// <summary>A name or version that is not a DNS-1123 label.</summary>
    /// <param name="field">The field, for example <c>name</c>.</param>
    /// <param name="subject">What the value names, for example <c>application name</c>.</param>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidName(string field, string subject, string? value) => new(
        ConfigurationErrorCode.InvalidName,
        field,
        $"Invalid {subject} '{value}': it must be a valid DNS-1123 label of at most {ModelNames.MaxLength} lower case " +
        $"alphanumeric characters or '-', starting and ending with an alphanumeric character (regex '{ModelNames.Pattern}')");

    /// <summary>An input type name that is not known.</summary>
    /// <param name="field">The field, usually <c>input_type</c>.</param>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError UnknownInputType(string field, string? value) => new(
        ConfigurationErrorCode.UnknownInputType,
        field,
        $"Invalid {field} '{value}': expected one of {InputTypes.AcceptedNames}");

    /// <summary>A latency objective that is not positive.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidLatencySlo(long value) => new(
        ConfigurationErrorCode.InvalidLatencySlo,
        "latency_slo_micros",
        $"Invalid latency_slo_micros {value.ToString(CultureInfo.InvariantCulture)}: the latency objective must be a positive number of microseconds");

    /// <summary>A batch size that is neither positive nor -1.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidBatchSize(int value) => new(
        ConfigurationErrorCode.InvalidBatchSize,
        "batch_size",
        $"The batch size must be positive or DEFAULT_BATCH_SIZE, which is -1; got {value.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>A missing or malformed value.</summary>
    /// <param name="field">The field.</param>
    /// <param name="expectation">What was expected, as a sentence fragment (for example "must not be null").</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidValue(string field, string expectation) => new(
        ConfigurationErrorCode.InvalidValue, field, $"Invalid {field}: {expectation}");

    /// <summary>add_app for a name that is taken.</summary>
    /// <param name="name">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ApplicationExists(string name) => new(
        ConfigurationErrorCode.AlreadyExists, "name", $"application '{name}' already exists");

    /// <summary>delete_app for an unknown application.</summary>
    /// <param name="name">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ApplicationToDeleteNotFound(string name) => new(
        ConfigurationErrorCode.NotFound, "name", $"Application '{name}' does not exist");

    /// <summary>A link change or lookup for an unknown application.</summary>
    /// <param name="name">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError LinkedApplicationNotFound(string name) => new(
        ConfigurationErrorCode.NotFound, "app_name", $"No app with name '{name}' exists.");

    /// <summary>get_linked_models for an unknown application.</summary>
    /// <param name="name">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError ApplicationNotFound(string name) => new(
        ConfigurationErrorCode.NotFound, "app_name", $"No application with name '{name}' exists.");

    /// <summary>A link to a model without a current version.</summary>
    /// <param name="modelName">The model name.</param>
    /// <param name="field">The field that named it: Clipper's <c>model_names</c>, or <c>model_name</c> for <c>set_model_link</c>.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError LinkedModelNotFound(string modelName, string field = "model_names") => new(
        ConfigurationErrorCode.NotFound, field, $"No model with name '{modelName}' exists.");

    /// <summary>A link between an application and a model of another input type.</summary>
    /// <param name="modelName">The model name.</param>
    /// <param name="modelType">The model's input type.</param>
    /// <param name="appType">The application's input type.</param>
    /// <param name="field">The field that named the model: Clipper's <c>model_names</c>, or <c>model_name</c> for <c>set_model_link</c>.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError LinkInputTypeMismatch(string modelName, InputType modelType, InputType appType, string field = "model_names") => new(
        ConfigurationErrorCode.InputTypeMismatch,
        field,
        $"Model with name '{modelName}' has incompatible input_type '{modelType.ToName()}'. " +
        $"Requested app to link to has input_type '{appType.ToName()}'.");

    /// <summary>add_model_links with no model names.</summary>
    /// <param name="appName">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError NoModelToLink(string appName) => new(
        ConfigurationErrorCode.OneModelPerApplication,
        "model_names",
        $"Please provide the name of the model that you want to link to the application '{appName}'");

    /// <summary>add_model_links with more than one model name.</summary>
    /// <param name="count">How many names were given.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError TooManyModelsToLink(int count) => new(
        ConfigurationErrorCode.OneModelPerApplication,
        "model_names",
        $"Applications must be linked with at most one model. Attempted to add links to {count.ToString(CultureInfo.InvariantCulture)} models.");

    /// <summary>add_model_links for a link that exists.</summary>
    /// <param name="modelName">The model name.</param>
    /// <param name="appName">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError AlreadyLinked(string modelName, string appName) => new(
        ConfigurationErrorCode.AlreadyLinked, "model_names", $"The model with name '{modelName}' is already linked to '{appName}'");

    /// <summary>add_model_links for an application already linked to another model.</summary>
    /// <param name="existingModel">The model already linked.</param>
    /// <param name="appName">The application name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError AnotherModelLinked(string existingModel, string appName) => new(
        ConfigurationErrorCode.OneModelPerApplication, "model_names", $"A model with name {existingModel} is already linked to '{appName}'.");

    /// <summary>delete_model_links for a link that does not exist.</summary>
    /// <param name="appName">The application name.</param>
    /// <param name="modelName">The model name.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError LinkNotFound(string appName, string modelName) => new(
        ConfigurationErrorCode.LinkNotFound, "model_names", $"Cannot remove nonexistent link between app {appName} and model {modelName}");
}
