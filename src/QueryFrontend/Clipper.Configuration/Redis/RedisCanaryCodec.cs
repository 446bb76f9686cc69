using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clipper.Configuration.Redis;

/// <summary>
/// An application's canary as the JSON of its <c>canary:&lt;app&gt;</c> key: model, version, baseline_version, percent, step,
/// interval_micros, max_error_rate, max_p99_micros, state, started_at, step_at (ISO 8601), reason. Times and durations
/// round-trip exactly to the microsecond, so a record read back equals the one a compare-and-set expects.
/// </summary>
internal static class RedisCanaryCodec
{
    public static string Encode(CanaryRecord canary)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", canary.Model);
            writer.WriteString("version", canary.Version);
            writer.WriteString("baseline_version", canary.BaselineVersion);
            writer.WriteNumber("percent", canary.Percent);
            writer.WriteNumber("step", canary.Step);
            writer.WriteNumber("interval_micros", Micros(canary.Interval));
            writer.WriteNumber("max_error_rate", canary.MaxErrorRate);
            writer.WriteNumber("max_p99_micros", Micros(canary.MaxP99));
            writer.WriteString("state", canary.State.ToName());
            writer.WriteString("started_at", Time(canary.StartedAt));
            writer.WriteString("step_at", Time(canary.StepAt));
            writer.WriteString("reason", canary.Reason);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a stored canary; <see langword="null"/> with a reason when it cannot (the application is kept, without a canary).</summary>
    public static CanaryRecord? Decode(string json, out string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "model") is not { } model
                || Text(root, "version") is not { } version
                || Text(root, "baseline_version") is not { } baseline
                || !TryInt64(root, "percent", out var percent)
                || !TryInt64(root, "step", out var step)
                || !TryInt64(root, "interval_micros", out var interval)
                || !root.TryGetProperty("max_error_rate", out var rate) || rate.ValueKind != JsonValueKind.Number
                || !TryInt64(root, "max_p99_micros", out var p99)
                || !CanaryStates.TryParse(Text(root, "state"), out var state)
                || !TryTime(root, "started_at", out var startedAt)
                || !TryTime(root, "step_at", out var stepAt)
                || Text(root, "reason") is not { } why)
            {
                reason = "expected an object with model, version, baseline_version, percent, step, interval_micros, max_error_rate, max_p99_micros, state, started_at, step_at and reason";
                return null;
            }

            reason = null;
            return new CanaryRecord
            {
                Model = model,
                Version = version,
                BaselineVersion = baseline,
                Percent = (int)Math.Clamp(percent, int.MinValue, int.MaxValue),
                Step = (int)Math.Clamp(step, int.MinValue, int.MaxValue),
                Interval = TimeSpan.FromMicroseconds(interval),
                MaxErrorRate = rate.GetDouble(),
                MaxP99 = TimeSpan.FromMicroseconds(p99),
                State = state,
                StartedAt = startedAt,
                StepAt = stepAt,
                Reason = why,
            };
        }
        catch (Exception ex) when (ex is JsonException or OverflowException or ArgumentOutOfRangeException)
        {
            reason = "not a readable canary: " + ex.Message;
            return null;
        }
    }

    /// <summary>A record exactly as it reads back: durations and times to the microsecond.</summary>
    public static CanaryRecord Normalize(CanaryRecord canary) => canary with
    {
        Interval = TimeSpan.FromMicroseconds(Micros(canary.Interval)),
        MaxP99 = TimeSpan.FromMicroseconds(Micros(canary.MaxP99)),
        StartedAt = Truncate(canary.StartedAt),
        StepAt = Truncate(canary.StepAt),
    };

    private static long Micros(TimeSpan value) => value.Ticks / TimeSpan.TicksPerMicrosecond;

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMicrosecond), value.Offset);

    private static string Time(DateTimeOffset value) => Truncate(value).ToString("O", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryInt64(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt64(out value);
    }

    private static bool TryTime(JsonElement root, string name, out DateTimeOffset value)
    {
        value = default;
        return Text(root, name) is { } text && DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
