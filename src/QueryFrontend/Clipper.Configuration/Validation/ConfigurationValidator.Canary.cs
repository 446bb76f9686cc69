namespace Clipper.Configuration.Validation;

/// <summary>The rules of canary rollouts (ours).</summary>
public static partial class ConfigurationValidator
{
    /// <summary>The longest widening interval: a day (longer is a rollout nobody watches).</summary>
    public static readonly TimeSpan MaxCanaryInterval = TimeSpan.FromDays(1);

    /// <summary>Checks a canary percentage: 1 to 100.</summary>
    /// <param name="percent">The percentage.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCanaryPercent(long percent) =>
        percent is >= 1 and <= 100 ? null : ConfigurationErrors.InvalidCanaryPercent(percent);

    /// <summary>Checks a canary step: 0 to 100.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCanaryStep(long step) =>
        step is >= 0 and <= 100 ? null : ConfigurationErrors.InvalidCanaryStep(step);

    /// <summary>Checks a widening interval: at least a microsecond, at most <see cref="MaxCanaryInterval"/>.</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCanaryInterval(TimeSpan interval) =>
        interval >= TimeSpan.FromMicroseconds(1) && interval <= MaxCanaryInterval ? null : ConfigurationErrors.InvalidCanaryInterval(interval.TotalSeconds);

    /// <summary>Checks an error-rate limit: 0 to 1.</summary>
    /// <param name="rate">The rate.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCanaryErrorRate(double rate) =>
        rate is >= 0 and <= 1 ? null : ConfigurationErrors.InvalidCanaryErrorRate(rate);

    /// <summary>Checks a p99 limit: 0 (the application's objective) or a positive duration.</summary>
    /// <param name="maxP99">The limit.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCanaryP99(TimeSpan maxP99) =>
        maxP99 >= TimeSpan.Zero ? null : ConfigurationErrors.InvalidCanaryP99((long)maxP99.TotalMicroseconds);

    /// <summary>Checks a canary's own fields.</summary>
    /// <param name="canary">The canary.</param>
    /// <returns>The first error, or <see langword="null"/> when valid.</returns>
    public static ConfigurationError? ValidateCanary(CanaryRecord canary)
    {
        ArgumentNullException.ThrowIfNull(canary);
        return ValidateName(canary.Model, "model_name", "model name")
            ?? ValidateName(canary.Version, "model_version", "model version")
            ?? ValidateCanaryPercent(canary.Percent)
            ?? ValidateCanaryStep(canary.Step)
            ?? ValidateCanaryInterval(canary.Interval)
            ?? ValidateCanaryErrorRate(canary.MaxErrorRate)
            ?? ValidateCanaryP99(canary.MaxP99)
            ?? (Enum.IsDefined(canary.State) ? null : ConfigurationErrors.InvalidValue("state", "expected running, promoted or rolled_back"))
            ?? (canary.Reason is null ? ConfigurationErrors.InvalidValue("reason", "it must be a string") : null);
    }

    /// <summary>Checks <c>start_canary</c> (see <see cref="IConfigurationStore.StartCanaryAsync"/>).</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="canary">The canary.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckStartCanary(ClusterConfiguration state, string applicationName, CanaryRecord canary)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ValidateCanary(canary) is { } error)
        {
            return error;
        }

        if (!canary.IsRunning)
        {
            return ConfigurationErrors.InvalidValue("state", "a canary starts running; got " + canary.State.ToName());
        }

        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.LinkedApplicationNotFound(applicationName);
        }

        if (!application.LinkedModels.Contains(canary.Model, StringComparer.Ordinal))
        {
            return ConfigurationErrors.CanaryModelNotLinked(applicationName, canary.Model);
        }

        if (!state.TryGetCurrentVersion(canary.Model, out var current))
        {
            return ConfigurationErrors.CanaryWithoutBaseline(canary.Model);
        }

        if (!state.ModelVersions.TryGetValue(new(canary.Model, canary.Version), out var version))
        {
            return ConfigurationErrors.CanaryVersionNotFound(canary.Model, canary.Version);
        }

        if (version.InputType != application.InputType)
        {
            return ConfigurationErrors.CanaryInputTypeMismatch(canary.Model, canary.Version, version.InputType, application.InputType);
        }

        if (string.Equals(current.Version, canary.Version, StringComparison.Ordinal))
        {
            return ConfigurationErrors.CanaryOfCurrentVersion(canary.Model, canary.Version);
        }

        return application.Canary is { IsRunning: true } running ? ConfigurationErrors.CanaryAlreadyRunning(applicationName, running) : null;
    }

    /// <summary>Checks a compare-and-set of a running canary (see <see cref="IConfigurationStore.SetCanaryAsync"/>).</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="expected">The record as it was read.</param>
    /// <param name="next">The record to store.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckSetCanary(ClusterConfiguration state, string applicationName, CanaryRecord expected, CanaryRecord next)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(expected);
        if (ValidateCanary(next) is { } error)
        {
            return error;
        }

        if (!expected.IsRunning || !next.IsRunning)
        {
            return ConfigurationErrors.CanaryChangeNotAllowed("both records must be running (promote or roll back with their own operations)");
        }

        if (!string.Equals(expected.Model, next.Model, StringComparison.Ordinal)
            || !string.Equals(expected.Version, next.Version, StringComparison.Ordinal)
            || !string.Equals(expected.BaselineVersion, next.BaselineVersion, StringComparison.Ordinal)
            || next.MaxP99 <= TimeSpan.Zero)
        {
            return ConfigurationErrors.CanaryChangeNotAllowed("the model, version and baseline must stay the same, and max_p99 positive");
        }

        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.LinkedApplicationNotFound(applicationName);
        }

        return application.Canary == expected ? null : ConfigurationErrors.CanaryChanged(applicationName);
    }

    /// <summary>Checks a rollback, promotion or deletion: the application exists and has a canary.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <param name="canary">The application's canary when found.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckCanaryExists(ClusterConfiguration state, string applicationName, out CanaryRecord? canary)
    {
        ArgumentNullException.ThrowIfNull(state);
        canary = null;
        if (!state.TryGetApplication(applicationName, out var application))
        {
            return ConfigurationErrors.LinkedApplicationNotFound(applicationName);
        }

        canary = application.Canary;
        return canary is null ? ConfigurationErrors.CanaryNotFound(applicationName) : null;
    }

    /// <summary>Checks a promotion: a running canary whose version is still registered and fits every application of its model.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckPromoteCanary(ClusterConfiguration state, string applicationName)
    {
        if (CheckCanaryExists(state, applicationName, out var canary) is { } error)
        {
            return error;
        }

        if (!canary!.IsRunning)
        {
            return ConfigurationErrors.CanaryNotRunning(applicationName, canary, "promote");
        }

        return state.ModelVersions.ContainsKey(new(canary.Model, canary.Version))
            ? CheckSetCurrentVersion(state, new(canary.Model, canary.Version))
            : ConfigurationErrors.CanaryVersionNotFound(canary.Model, canary.Version);
    }

    /// <summary>Checks a deletion: a canary that is not running.</summary>
    /// <param name="state">The state the change would be applied to.</param>
    /// <param name="applicationName">The application.</param>
    /// <returns>The first error, or <see langword="null"/>.</returns>
    public static ConfigurationError? CheckDeleteCanary(ClusterConfiguration state, string applicationName) =>
        CheckCanaryExists(state, applicationName, out var canary) ?? (canary!.IsRunning ? ConfigurationErrors.CanaryStillRunning(applicationName) : null);
}
