using System.Diagnostics;

namespace Clipper.LoadGenerator.Measurement;

/// <summary>
/// The measured span of a run in <see cref="Stopwatch"/> ticks, after the warm-up. A request
/// belongs to it when its origin (the intended send time in an open loop, the actual send time in a
/// closed loop) falls inside. Ctrl+C moves the end to the moment of the stop.
/// </summary>
internal sealed class MeasurementWindow
{
    private long _end;
    private volatile bool _aborted;

    public MeasurementWindow(long start, long end)
    {
        Start = start;
        _end = end;
    }

    /// <summary>The first tick measured (the end of the warm-up).</summary>
    public long Start { get; }

    /// <summary>The first tick no longer measured; no request starts at or after it.</summary>
    public long End => Volatile.Read(ref _end);

    /// <summary>True after <see cref="Abort"/>: in-flight requests are being torn down and must not be counted.</summary>
    public bool Aborted => _aborted;

    /// <summary>The measured duration (zero when stopped during the warm-up).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Math.Max(0, End - Start) / (double)Stopwatch.Frequency);

    /// <summary>True when <paramref name="timestamp"/> lies in the window.</summary>
    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    /// <summary>Ends the window now (Ctrl+C); what was in flight is discarded.</summary>
    public void Abort()
    {
        long now = Stopwatch.GetTimestamp();
        long end = Volatile.Read(ref _end);
        while (now < end)
        {
            long seen = Interlocked.CompareExchange(ref _end, now, end);
            if (seen == end)
            {
                break;
            }

            end = seen;
        }

        _aborted = true;
    }
}
