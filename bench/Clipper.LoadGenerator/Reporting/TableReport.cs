using System.Globalization;
using System.Text;
using Clipper.LoadGenerator.Configuration;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Reporting;

/// <summary>The human-readable result: one labelled line per figure.</summary>
internal static class TableReport
{
    /// <summary>The run's shape in words, e.g. <c>open loop at 2000 req/s over 64 connections</c>.</summary>
    public static string Describe(LoadOptions options) => options.Rate is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"open loop at {rate:0.###} req/s over {options.Connections} connections used in turn")
        : string.Create(CultureInfo.InvariantCulture, $"closed loop with {options.Connections} connections");

    public static string Format(RunResult result)
    {
        LoadOptions options = result.Options;
        var text = new StringBuilder();
        Line(text, "target", options.Targets.Length == 1
            ? $"POST {options.Url} ({options.Body.Length} bytes)"
            : $"POST {options.Url} and {options.Targets.Length - 1} more URLs in turn ({options.Body.Length} bytes)");
        Line(text, "mode", Describe(options));
        Line(text, "connections", $"{options.Connections} opened in {result.OpenTime.TotalSeconds:0.000} s before the warm-up{(options.HoldIdle > TimeSpan.Zero ? $", then held idle {options.HoldIdle.TotalSeconds:0.###} s" : "")}");
        Line(text, "measured", $"{result.Duration.TotalSeconds:0.000} s after {options.Warmup.TotalSeconds:0.###} s warm-up{(result.Interrupted ? " (stopped early)" : "")}");
        Line(text, "requests", $"{result.Requests} (ok {result.Ok}, default {result.Defaults}, error {result.Errors})");
        Line(text, "throughput", $"{result.Throughput:0.0} answers/s");
        if (options.Rate is { } rate)
        {
            Line(text, "send rate", $"{result.SentRate:0.0} req/s achieved, {rate:0.0} req/s intended");
            Line(text, "send delay", $"p50 {P(result.SendDelay, 50)}  p99 {P(result.SendDelay, 99)}  max {RunResult.MaxMs(result.SendDelay):0.000} ms past the intended send time");
        }

        Line(text, "latency", $"p50 {P(result.Latency, 50)}  p90 {P(result.Latency, 90)}  p99 {P(result.Latency, 99)}  p99.9 {P(result.Latency, 99.9)}  max {RunResult.MaxMs(result.Latency):0.000} ms");
        if (result.ErrorKinds.Count > 0)
        {
            var kinds = new StringBuilder();
            foreach ((string kind, long count) in result.ErrorKinds)
            {
                kinds.Append(kinds.Length > 0 ? "; " : "").Append(kind).Append(": ").Append(count.ToString(CultureInfo.InvariantCulture));
            }

            Line(text, "errors", kinds.ToString());
        }

        return text.ToString();
    }

    private static string P(HdrHistogram.HistogramBase histogram, double percentile) =>
        RunResult.PercentileMs(histogram, percentile).ToString("0.000", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string label, FormattableString value) =>
        Line(text, label, value.ToString(CultureInfo.InvariantCulture));

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(label.PadRight(12)).Append(value).Append('\n');
}
