using System.Globalization;
using System.Text.Json;
using Clipper.Admin.Canary;
using Clipper.Configuration;

namespace Clipper.Admin.Management;

/// <summary>The answer of <c>get_canary</c> (ours): the record, then what the live frontends measured of its current share.</summary>
internal static class CanaryJson
{
    public static void Write(Utf8JsonWriter writer, CanaryRecord canary, CanaryMeasure measure)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name", canary.Model);
        writer.WriteString("model_version", canary.Version);
        writer.WriteString("baseline_version", canary.BaselineVersion);
        writer.WriteNumber("percent", canary.Percent);
        writer.WriteNumber("step", canary.Step);
        writer.WriteNumber("interval_seconds", canary.Interval.TotalSeconds);
        writer.WriteNumber("max_error_rate", canary.MaxErrorRate);
        writer.WriteNumber("max_p99_micros", (long)canary.MaxP99.TotalMicroseconds);
        writer.WriteString("state", canary.State.ToName());
        writer.WriteString("started_at", canary.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("step_at", canary.StepAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("reason", canary.Reason);
        writer.WriteNumber("answered", measure.Answered);
        writer.WriteNumber("failed", measure.Failed);
        writer.WriteNumber("error_rate", measure.ErrorRate);
        writer.WriteNumber("p99_micros", measure.P99Micros);
        writer.WriteEndObject();
    }
}
