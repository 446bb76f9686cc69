using Clipper.LoadGenerator.Configuration;
using HdrHistogram;

namespace Clipper.LoadGenerator.Measurement;

/// <summary>The merged outcome of a run, ready to print.</summary>
internal sealed record RunResult
{
    public required LoadOptions Options { get; init; }

    /// <summary>The measured window's length (shorter than asked for after Ctrl+C).</summary>
    public required TimeSpan Duration { get; init; }

    public required long Ok { get; init; }

    public required long Defaults { get; init; }

    public required long Errors { get; init; }

    /// <summary>Requests that went out within the window.</summary>
    public required long Sent { get; init; }

    /// <summary>Errors by description (<c>HTTP 503</c>, <c>timeout</c>, ...), most frequent first.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ErrorKinds { get; init; }

    /// <summary>Latency of ok and default answers, in microseconds.</summary>
    public required HistogramBase Latency { get; init; }

    /// <summary>Open loop: delay between intended and actual send, in microseconds.</summary>
    public required HistogramBase SendDelay { get; init; }

    /// <summary>How long opening every connection took, before the warm-up (never part of a latency).</summary>
    public TimeSpan OpenTime { get; init; }

    /// <summary>True when the run was stopped by Ctrl+C or SIGTERM.</summary>
    public bool Interrupted { get; init; }

    public long Requests => Ok + Defaults + Errors;

    /// <summary>Completed answers (ok and default) per second of the measured window.</summary>
    public double Throughput => PerSecond(Ok + Defaults);

    /// <summary>Requests that went out per second of the measured window.</summary>
    public double SentRate => PerSecond(Sent);

    /// <summary>Merges every lane's counters and histograms.</summary>
    public static RunResult Merge(LoadOptions options, MeasurementWindow window, IReadOnlyList<LaneStats> lanes)
    {
        var latency = new LongHistogram(1, lanes[0].Latency.HighestTrackableValue, 3);
        var sendDelay = new LongHistogram(1, lanes[0].SendDelay.HighestTrackableValue, 3);
        long ok = 0, defaults = 0, sent = 0;
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (LaneStats lane in lanes)
        {
            latency.Add(lane.Latency);
            sendDelay.Add(lane.SendDelay);
            ok += lane.Ok;
            defaults += lane.Defaults;
            sent += lane.Sent;
            foreach ((int status, long count) in lane.ErrorStatuses)
            {
                string kind = "HTTP " + status;
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }

            foreach ((string kind, long count) in lane.ErrorKinds)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }
        }

        var kinds = errors.ToList();
        kinds.Sort((a, b) => b.Value.CompareTo(a.Value));
        return new RunResult
        {
            Options = options,
            Duration = window.Duration,
            Ok = ok,
            Defaults = defaults,
            Errors = kinds.Sum(k => k.Value),
            Sent = sent,
            ErrorKinds = kinds,
            Latency = latency,
            SendDelay = sendDelay,
            Interrupted = window.Aborted,
        };
    }

    /// <summary>A latency percentile of the answers in milliseconds (0 when there were none).</summary>
    public static double PercentileMs(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>The largest value recorded in milliseconds (0 when there were none).</summary>
    public static double MaxMs(HistogramBase histogram) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0;

    private double PerSecond(long count) => Duration > TimeSpan.Zero ? count / Duration.TotalSeconds : 0;
}
