using System.Text.Json;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Reporting;

/// <summary>The machine-readable result: one JSON object on one line, for scripts.</summary>
internal static class JsonReport
{
    public static void Write(RunResult result, Stream output)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("mode", result.Options.IsOpenLoop ? "open" : "closed");
            writer.WriteNumber("connections", result.Options.Connections);
            writer.WriteNumber("targets", result.Options.Targets.Length);
            if (result.Options.Rate is { } rate)
            {
                writer.WriteNumber("rate", rate);
            }
            else
            {
                writer.WriteNull("rate");
            }

            writer.WriteNumber("open_s", Math.Round(result.OpenTime.TotalSeconds, 6));
            writer.WriteNumber("duration_s", Math.Round(result.Duration.TotalSeconds, 6));
            writer.WriteNumber("requests", result.Requests);
            writer.WriteNumber("throughput", Math.Round(result.Throughput, 3));
            writer.WriteNumber("sent_rate", Math.Round(result.SentRate, 3));
            writer.WriteNumber("ok", result.Ok);
            writer.WriteNumber("defaults", result.Defaults);
            writer.WriteNumber("errors", result.Errors);
            writer.WriteNumber("p50_ms", RunResult.PercentileMs(result.Latency, 50));
            writer.WriteNumber("p90_ms", RunResult.PercentileMs(result.Latency, 90));
            writer.WriteNumber("p99_ms", RunResult.PercentileMs(result.Latency, 99));
            writer.WriteNumber("p999_ms", RunResult.PercentileMs(result.Latency, 99.9));
            writer.WriteNumber("max_ms", RunResult.MaxMs(result.Latency));
            if (result.Options.IsOpenLoop)
            {
                writer.WriteNumber("send_delay_p99_ms", RunResult.PercentileMs(result.SendDelay, 99));
            }

            writer.WriteStartObject("error_kinds");
            foreach ((string kind, long count) in result.ErrorKinds)
            {
                writer.WriteNumber(kind, count);
            }

            writer.WriteEndObject();
            writer.WriteBoolean("interrupted", result.Interrupted);
            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        output.Flush();
    }
}
