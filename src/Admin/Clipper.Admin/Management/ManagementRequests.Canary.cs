using System.Diagnostics.CodeAnalysis;
using Clipper.Configuration;
using Clipper.Configuration.Validation;

namespace Clipper.Admin.Management;

/// <summary><c>start_canary</c> (ours): every field read in order, ranges checked here, the rest by the store.</summary>
internal static partial class ManagementRequests
{
    /// <summary><c>start_canary</c>: the application and the canary to start at <paramref name="now"/>.</summary>
    public static bool TryReadCanary(JsonRequest request, DateTimeOffset now, out string applicationName, [NotNullWhen(true)] out CanaryRecord? canary, out Reply failure)
    {
        applicationName = request.String("app_name");
        var model = request.String("model_name");
        var version = request.String("model_version");
        var percent = request.Int64("percent");
        var step = request.OptionalInt64("step", absent: 0);
        var intervalSeconds = request.OptionalDouble("interval_seconds", absent: CanaryRecord.DefaultInterval.TotalSeconds);
        var maxErrorRate = request.OptionalDouble("max_error_rate", absent: CanaryRecord.DefaultMaxErrorRate);
        var maxP99Micros = request.OptionalInt64("max_p99_micros", absent: 0);
        canary = null;
        if (!Succeeded(request, out failure))
        {
            return false;
        }

        var interval = intervalSeconds is > 0 and <= 86_400 ? TimeSpan.FromMicroseconds(Math.Round(intervalSeconds * 1e6)) : TimeSpan.Zero;
        var error = ConfigurationValidator.ValidateCanaryPercent(percent)
            ?? ConfigurationValidator.ValidateCanaryStep(step)
            ?? (interval > TimeSpan.Zero ? ConfigurationValidator.ValidateCanaryInterval(interval) : ConfigurationErrors.InvalidCanaryInterval(intervalSeconds))
            ?? ConfigurationValidator.ValidateCanaryErrorRate(maxErrorRate)
            ?? (maxP99Micros >= 0 ? null : ConfigurationErrors.InvalidCanaryP99(maxP99Micros));
        if (!Valid(error, out failure))
        {
            return false;
        }

        canary = new CanaryRecord
        {
            Model = model,
            Version = version,
            BaselineVersion = "",
            Percent = (int)percent,
            Step = (int)step,
            Interval = interval,
            MaxErrorRate = maxErrorRate,
            MaxP99 = TimeSpan.FromMicroseconds(maxP99Micros),
            State = CanaryState.Running,
            StartedAt = now,
            StepAt = now,
        };
        return true;
    }
}
