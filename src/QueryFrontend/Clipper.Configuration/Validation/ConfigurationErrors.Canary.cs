using System.Globalization;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration.Validation;

/// <summary>Errors about canary rollouts (ours: Clipper has none).</summary>
public static partial class ConfigurationErrors
{
    /// <summary>A canary percentage outside 1 to 100.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidCanaryPercent(long value) => new(
        ConfigurationErrorCode.InvalidValue,
        "percent",
        $"Invalid percent {Text(value)}: the canary's share of the model's queries must be 1 to 100");

    /// <summary>A canary step outside 0 to 100.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidCanaryStep(long value) => new(
        ConfigurationErrorCode.InvalidValue,
        "step",
        $"Invalid step {Text(value)}: how much the share grows at each interval must be 0 (never widen; promote by hand) to 100");

    /// <summary>A widening interval that is not positive.</summary>
    /// <param name="seconds">The value received, in seconds.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidCanaryInterval(double seconds) => new(
        ConfigurationErrorCode.InvalidValue,
        "interval_seconds",
        $"Invalid interval_seconds {seconds.ToString("R", CultureInfo.InvariantCulture)}: the time each share must hold before it widens must be positive (at least 1 microsecond, at most 1 day); the default is 30");

    /// <summary>An error-rate limit outside 0 to 1.</summary>
    /// <param name="value">The value received.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidCanaryErrorRate(double value) => new(
        ConfigurationErrorCode.InvalidValue,
        "max_error_rate",
        $"Invalid max_error_rate {value.ToString("R", CultureInfo.InvariantCulture)}: the largest share of the canary's queries that may fail must be 0 to 1 (0.01 is 1 %, the default)");

    /// <summary>A p99 limit that is negative.</summary>
    /// <param name="micros">The value received, in microseconds.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError InvalidCanaryP99(long micros) => new(
        ConfigurationErrorCode.InvalidValue,
        "max_p99_micros",
        $"Invalid max_p99_micros {Text(micros)}: the largest 99th-percentile latency must be a positive number of microseconds (0 or absent: the application's latency objective)");

    /// <summary>A canary on a model the application does not link.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="modelName">The model.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryModelNotLinked(string appName, string modelName) => new(
        ConfigurationErrorCode.LinkNotFound,
        "model_name",
        $"Model '{modelName}' is not linked to application '{appName}': a canary splits the queries of a linked model");

    /// <summary>A canary on a model without a current version to compare with.</summary>
    /// <param name="modelName">The model.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryWithoutBaseline(string modelName) => new(
        ConfigurationErrorCode.NotFound,
        "model_name",
        $"Model '{modelName}' has no current version: a canary sends the rest of the queries to it (set one with set_model_version)");

    /// <summary>A canary version that is not registered.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryVersionNotFound(string modelName, string version) => new(
        ConfigurationErrorCode.NotFound,
        "model_version",
        $"Version '{version}' of model '{modelName}' is not registered: register it first (add_model makes it current, so set the current version back with set_model_version before starting the canary)");

    /// <summary>A canary version of another input type than the application.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="versionType">The version's input type.</param>
    /// <param name="appType">The application's input type.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryInputTypeMismatch(string modelName, string version, InputType versionType, InputType appType) => new(
        ConfigurationErrorCode.InputTypeMismatch,
        "model_version",
        $"Version '{version}' of model '{modelName}' has input_type '{versionType.ToName()}' but the application has input_type '{appType.ToName()}'");

    /// <summary>A canary of the version that is already current.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryOfCurrentVersion(string modelName, string version) => new(
        ConfigurationErrorCode.InvalidValue,
        "model_version",
        $"Version '{version}' is already the current version of model '{modelName}': a canary needs another version to compare with it");

    /// <summary>A second canary while one runs.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="running">The running canary.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryAlreadyRunning(string appName, CanaryRecord running) => new(
        ConfigurationErrorCode.AlreadyExists,
        "app_name",
        $"Application '{appName}' already has a running canary (model '{running.Model}' version '{running.Version}' at {Text(running.Percent)}%): promote it or roll it back first");

    /// <summary>An operation on the canary of an application that has none.</summary>
    /// <param name="appName">The application.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryNotFound(string appName) => new(
        ConfigurationErrorCode.NotFound, "app_name", $"Application '{appName}' has no canary (start one with start_canary)");

    /// <summary>An operation that needs a running canary, on a finished one.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="canary">The finished canary.</param>
    /// <param name="operation">What was asked, for example <c>promote</c>.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryNotRunning(string appName, CanaryRecord canary, string operation) => new(
        ConfigurationErrorCode.InvalidValue,
        "app_name",
        $"Cannot {operation} the canary of application '{appName}' (model '{canary.Model}' version '{canary.Version}'): it is {canary.State.ToName()}, not running");

    /// <summary>A canary deletion while it runs.</summary>
    /// <param name="appName">The application.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryStillRunning(string appName) => new(
        ConfigurationErrorCode.InvalidValue,
        "app_name",
        $"The canary of application '{appName}' is running: roll it back or promote it before deleting it");

    /// <summary>A compare-and-set that found another record.</summary>
    /// <param name="appName">The application.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryChanged(string appName) => new(
        ConfigurationErrorCode.Conflict,
        "app_name",
        $"The canary of application '{appName}' changed since it was read (another change came first); read it again");

    /// <summary>A compare-and-set that would change what the canary compares, or finish it.</summary>
    /// <param name="expectation">What was expected.</param>
    /// <returns>The error.</returns>
    public static ConfigurationError CanaryChangeNotAllowed(string expectation) => new(
        ConfigurationErrorCode.InvalidValue, "canary", $"Invalid canary change: {expectation}");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
