using Clipper.Configuration;

namespace Clipper.QueryFrontend.Canary;

/// <summary>
/// One running canary's window on this frontend: the queries it sent to the canary version since the canary's last
/// step (<see cref="CanaryRecord.StepAt"/>), how many failed (a default of any reason) and their latencies. A failure
/// that breaks the error-rate limit stops this frontend's canary traffic at once and asks the store to roll back;
/// the p99 limit is checked each second by <see cref="CanaryPublisher"/>.
/// </summary>
internal sealed class CanaryMonitor
{
    /// <summary>Latencies kept for the p99: the most recent ones.</summary>
    public const int LatencySamples = 1024;

    /// <summary>Answers needed before the p99 counts: one slow query of a few is not a slow version.</summary>
    public const int MinAnswersForP99 = 20;

    private readonly long[] _latencies = new long[LatencySamples];
    private readonly Lock _gate = new();
    private long _answered;
    private long _failed;
    private int _stopped;

    public CanaryMonitor(string app, CanaryRecord record, Action<CanaryMonitor, string> rollBack)
    {
        App = app;
        Record = record;
        RollBack = rollBack;
    }

    public string App { get; }

    /// <summary>The canary as the configuration last said, which this window belongs to.</summary>
    public CanaryRecord Record { get; }

    /// <summary>Whether queries may still go to the canary version from this frontend.</summary>
    public bool IsActive => Volatile.Read(ref _stopped) == 0;

    /// <summary>The canary's share of its model's queries, 0 to 100.</summary>
    public int Percent => Record.Percent;

    public long Answered => Volatile.Read(ref _answered);

    public long Failed => Volatile.Read(ref _failed);

    private Action<CanaryMonitor, string> RollBack { get; }

    /// <summary>Counts one canary query's answer; a failure that breaks the error-rate limit rolls the canary back.</summary>
    public void Recorded(bool failed, long latencyMicros)
    {
        var answered = Interlocked.Increment(ref _answered);
        lock (_gate)
        {
            _latencies[(answered - 1) % LatencySamples] = latencyMicros;
        }

        if (!failed)
        {
            return;
        }

        var failures = Interlocked.Increment(ref _failed);
        if ((double)failures / answered > Record.MaxErrorRate)
        {
            Stop($"error rate {failures}/{answered} = {(double)failures / answered:P1} above the limit of {Record.MaxErrorRate:P1} on this frontend");
        }
    }

    /// <summary>The 99th percentile of the kept latencies in microseconds, or 0 with fewer than <see cref="MinAnswersForP99"/> answers.</summary>
    public long P99Micros()
    {
        var answered = Answered;
        if (answered < MinAnswersForP99)
        {
            return 0;
        }

        var count = (int)Math.Min(answered, LatencySamples);
        var sorted = new long[count];
        lock (_gate)
        {
            Array.Copy(_latencies, sorted, count);
        }

        Array.Sort(sorted);
        return sorted[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)];
    }

    /// <summary>Checks the p99 limit (each second, off the request path).</summary>
    public void CheckLatency()
    {
        var p99 = P99Micros();
        if (p99 > 0 && p99 > Record.MaxP99.TotalMicroseconds)
        {
            Stop($"p99 latency {p99 / 1000.0:F1} ms above the limit of {Record.MaxP99.TotalMilliseconds:F1} ms on this frontend");
        }
    }

    /// <summary>Stops the canary traffic here and asks for the rollback, once.</summary>
    public void Stop(string reason)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            RollBack(this, reason);
        }
    }
}
