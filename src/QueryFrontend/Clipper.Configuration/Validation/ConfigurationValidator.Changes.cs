using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration.Validation;

/// <summary>Whether a change may be applied to a given state.</summary>
public static partial class ConfigurationValidator
{
    /// <summary>Checks that an application may be added: valid fields, no links, name not taken.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="application">The application.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckAddApplication(ClusterConfiguration state, ApplicationRecord application)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ValidateApplication(application) is { } error)
        {
            return error;
        }

        if (!application.LinkedModels.IsEmpty || !application.LinkOptions.IsEmpty)
        {
            return ConfigurationErrors.InvalidValue("model_names", "an application is registered without links; link models with add_model_links");
        }

        if (!application.ApiKeys.IsEmpty)
        {
            return ConfigurationErrors.InvalidValue("api_keys", "an application is registered without API keys; make them with add_api_key");
        }

        return state.Applications.ContainsKey(application.Name) ? ConfigurationErrors.ApplicationExists(application.Name) : null;
    }

    /// <summary>Checks that an application exists so it can be deleted.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="name">The application name.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckDeleteApplication(ClusterConfiguration state, string name)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Applications.ContainsKey(name) ? null : ConfigurationErrors.ApplicationToDeleteNotFound(name);
    }

    /// <summary>
    /// Checks a link request in Clipper's order: the application exists, every model has a current version
    /// with the application's input type, exactly one model is named, and the application has no link yet.
    /// </summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application name.</param>
    /// <param name="modelNames">The models to link.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckAddModelLinks(ClusterConfiguration state, string applicationName, IReadOnlyList<string> modelNames)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(modelNames);
        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.LinkedApplicationNotFound(applicationName);
        }

        foreach (var modelName in modelNames)
        {
            if (!state.TryGetCurrentVersion(modelName, out var model))
            {
                return ConfigurationErrors.LinkedModelNotFound(modelName);
            }

            if (model.InputType != application.InputType)
            {
                return ConfigurationErrors.LinkInputTypeMismatch(modelName, model.InputType, application.InputType);
            }
        }

        if (modelNames.Count != 1)
        {
            return modelNames.Count == 0
                ? ConfigurationErrors.NoModelToLink(applicationName)
                : ConfigurationErrors.TooManyModelsToLink(modelNames.Count);
        }

        if (application.LinkedModels.IsEmpty)
        {
            return null;
        }

        var newModel = modelNames[0];
        return application.LinkedModels.Contains(newModel, StringComparer.Ordinal)
            ? ConfigurationErrors.AlreadyLinked(newModel, applicationName)
            : ConfigurationErrors.AnotherModelLinked(application.LinkedModels[0], applicationName);
    }

    /// <summary>Checks that the application exists and is linked to every named model.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application name.</param>
    /// <param name="modelNames">The models to unlink.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckDeleteModelLinks(ClusterConfiguration state, string applicationName, IReadOnlyList<string> modelNames)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(modelNames);
        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.LinkedApplicationNotFound(applicationName);
        }

        foreach (var modelName in modelNames)
        {
            if (!application.LinkedModels.Contains(modelName, StringComparer.Ordinal))
            {
                return ConfigurationErrors.LinkNotFound(applicationName, modelName);
            }
        }

        return null;
    }

    /// <summary>Checks that a model version may be added: valid fields, not taken, same input type as the applications the model is linked to.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="model">The model version.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckAddModelVersion(ClusterConfiguration state, ModelVersionRecord model)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ValidateModelVersion(model) is { } error)
        {
            return error;
        }

        if (state.ModelVersions.ContainsKey(model.Id))
        {
            return ConfigurationErrors.ModelVersionExists(model.Id);
        }

        return CheckConsistentWithLinks(state, model, "input_type");
    }

    /// <summary>Checks that a model version exists so it can be deleted.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="id">The model version.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckDeleteModelVersion(ClusterConfiguration state, ModelVersionId id)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ModelVersions.ContainsKey(id) ? null : ConfigurationErrors.ModelVersionNotFound(id);
    }

    /// <summary>Checks that a version exists and has the input type of the applications its model is linked to.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="id">The model version to make current.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckSetCurrentVersion(ClusterConfiguration state, ModelVersionId id)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.ModelVersions.TryGetValue(id, out var model))
        {
            return state.HasModel(id.Name) ? ConfigurationErrors.VersionToSetNotFound(id) : ConfigurationErrors.ModelNotFound(id.Name);
        }

        return CheckConsistentWithLinks(state, model, "model_version");
    }

    private static ConfigurationError? CheckConsistentWithLinks(ClusterConfiguration state, ModelVersionRecord model, string field)
    {
        foreach (var application in state.ApplicationsLinkedTo(model.Name))
        {
            if (application.InputType != model.InputType)
            {
                return ConfigurationErrors.VersionInputTypeMismatch(field, model.Name, application.Name, application.InputType, model.InputType);
            }
        }

        return null;
    }
}
