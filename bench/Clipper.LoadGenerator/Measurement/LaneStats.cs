using System.Diagnostics;
using HdrHistogram;

namespace Clipper.LoadGenerator.Measurement;

/// <summary>
/// What a group of connections recorded; the run merges every group once at the end. With few
/// connections each lane has its own group, so the lock is never contended; with thousands, lanes
/// share a bounded number of groups, since a pair of histograms costs about 250 KB and ten thousand
/// of them would take gigabytes. Read the figures only after every lane has finished.
/// </summary>
internal sealed class LaneStats
{
    private readonly long _highestMicros;
    private readonly Lock _gate = new();

    public LaneStats(TimeSpan timeout)
    {
        // Nothing measured outlives the timeout; twice it (and at least a second) leaves room for
        // the time a response takes to finish once its deadline has fired.
        _highestMicros = Math.Max(1_000_000L, 2 * (long)timeout.TotalMicroseconds);
        Latency = new LongHistogram(1, _highestMicros, 3);
        SendDelay = new LongHistogram(1, _highestMicros, 3);
    }

    /// <summary>Latency of ok and default answers, in microseconds from the request's origin.</summary>
    public LongHistogram Latency { get; }

    /// <summary>Open loop: how long after its intended time each request actually went out, in microseconds.</summary>
    public LongHistogram SendDelay { get; }

    /// <summary>Answers from the model.</summary>
    public long Ok { get; private set; }

    /// <summary>Default answers.</summary>
    public long Defaults { get; private set; }

    /// <summary>Requests that went out inside the measured window (by their actual send time).</summary>
    public long Sent { get; private set; }

    /// <summary>Non-2xx answers by status code.</summary>
    public Dictionary<int, long> ErrorStatuses { get; } = [];

    /// <summary>Timeouts, exceptions and malformed answers, by a short description.</summary>
    public Dictionary<string, long> ErrorKinds { get; } = new(StringComparer.Ordinal);

    public void RecordSent()
    {
        lock (_gate)
        {
            Sent++;
        }
    }

    public void RecordSendDelay(long ticks)
    {
        lock (_gate)
        {
            SendDelay.RecordValue(ToMicros(ticks));
        }
    }

    /// <summary>Counts an ok or default answer and records its latency.</summary>
    public void RecordAnswer(bool isDefault, long latencyTicks)
    {
        lock (_gate)
        {
            if (isDefault)
            {
                Defaults++;
            }
            else
            {
                Ok++;
            }

            Latency.RecordValue(ToMicros(latencyTicks));
        }
    }

    public void RecordErrorStatus(int status)
    {
        lock (_gate)
        {
            ErrorStatuses[status] = ErrorStatuses.GetValueOrDefault(status) + 1;
        }
    }

    public void RecordErrorKind(string kind)
    {
        lock (_gate)
        {
            ErrorKinds[kind] = ErrorKinds.GetValueOrDefault(kind) + 1;
        }
    }

    private long ToMicros(long ticks) =>
        Math.Clamp(ticks * 1_000_000 / Stopwatch.Frequency, 1, _highestMicros);
}
