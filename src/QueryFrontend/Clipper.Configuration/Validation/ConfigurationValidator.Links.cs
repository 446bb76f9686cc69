namespace Clipper.Configuration.Validation;

/// <summary>The rules of our link options, selection policies and prediction caches.</summary>
public static partial class ConfigurationValidator
{
    /// <summary>Checks a link weight: 0 to <see cref="ModelLink.MaxWeight"/>.</summary>
    /// <param name="weight">The weight.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateLinkWeight(long weight) =>
        weight is >= 0 and <= ModelLink.MaxWeight ? null : ConfigurationErrors.InvalidLinkWeight(weight);

    /// <summary>Checks a shadow share: 0 (served) to 100.</summary>
    /// <param name="shadowPercent">The percentage.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateShadowPercent(long shadowPercent) =>
        shadowPercent is >= 0 and <= 100 ? null : ConfigurationErrors.InvalidShadowPercent(shadowPercent);

    /// <summary>Checks a prediction cache bound: 0 (off) to <see cref="ModelVersionRecord.MaxCacheBytes"/>.</summary>
    /// <param name="cacheBytes">The bound in bytes.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCacheBytes(long cacheBytes) =>
        cacheBytes is >= 0 and <= ModelVersionRecord.MaxCacheBytes ? null : ConfigurationErrors.InvalidCacheBytes(cacheBytes);

    /// <summary>Parses a selection policy name (<see cref="SelectionPolicies.Names"/>).</summary>
    /// <param name="name">The name received.</param>
    /// <param name="policy">The policy when the name is known.</param>
    /// <returns>The error, or <see langword="null"/> when the name is known.</returns>
    public static ConfigurationError? ParseSelectionPolicy(string? name, out SelectionPolicy policy) =>
        SelectionPolicies.TryParse(name, out policy) ? null : ConfigurationErrors.UnknownSelectionPolicy(name);

    /// <summary>Checks a link's own fields: the model name, the weight and the shadow share.</summary>
    /// <param name="link">The link.</param>
    /// <returns>The first error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateModelLink(ModelLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return ValidateName(link.Model, "model_name", "model name")
            ?? ValidateLinkWeight(link.Weight)
            ?? ValidateShadowPercent(link.ShadowPercent);
    }

    /// <summary>
    /// Checks <c>set_model_link</c>: valid options; the application exists; and, unless the model is linked already (its
    /// options change), Clipper's rules for a new link: the model has a current version with the application's input type.
    /// There is no limit on the number of links (Clipper's one-link rule belongs to <c>add_model_links</c>).
    /// </summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="link">The link and its options.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckSetModelLink(ClusterConfiguration state, string applicationName, ModelLink link)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ValidateModelLink(link) is { } error)
        {
            return error;
        }

        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.LinkedApplicationNotFound(applicationName);
        }

        if (application.LinkedModels.Contains(link.Model, StringComparer.Ordinal))
        {
            return null;
        }

        if (!state.TryGetCurrentVersion(link.Model, out var model))
        {
            return ConfigurationErrors.LinkedModelNotFound(link.Model, "model_name");
        }

        return model.InputType == application.InputType
            ? null
            : ConfigurationErrors.LinkInputTypeMismatch(link.Model, model.InputType, application.InputType, "model_name");
    }

    /// <summary>Checks <c>set_app_policy</c>: a known policy, for an application that exists.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckSetSelectionPolicy(ClusterConfiguration state, string applicationName, SelectionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Enum.IsDefined(policy))
        {
            return ConfigurationErrors.UnknownSelectionPolicy(policy.ToString());
        }

        return state.Applications.ContainsKey(applicationName) ? null : ConfigurationErrors.ApplicationNotFound(applicationName);
    }
}
