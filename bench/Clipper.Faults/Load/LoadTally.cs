using HdrHistogram;

namespace Clipper.Faults.Load;

/// <summary>
/// What the load saw so far: counts per outcome, defaults by explanation, errors by kind, the latency of
/// answers, and (for a fault run, not a soak) every query's record for analyses over time.
/// </summary>
internal sealed class LoadTally
{
    private const long HighestMicros = 600_000_000;
    private readonly Lock _gate = new();
    private readonly LongHistogram _latency = new(1, HighestMicros, 3);
    private readonly Dictionary<string, long> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly List<QueryRecord>? _records;
    private long _sent;
    private long _model;
    private long _defaulted;
    private long _failed;
    private long _hung;

    /// <summary>Creates a tally; <paramref name="keepRecords"/> keeps every query's record (a few MB per hundred thousand).</summary>
    public LoadTally(bool keepRecords) => _records = keepRecords ? [] : null;

    /// <summary>Counts a query that went out.</summary>
    public void CountSent() => Interlocked.Increment(ref _sent);

    /// <summary>Records how a query ended.</summary>
    public void Record(in QueryRecord record)
    {
        lock (_gate)
        {
            switch (record.Outcome)
            {
                case Outcome.Model:
                    _model++;
                    break;
                case Outcome.Default:
                    _defaulted++;
                    _defaults[record.Reason] = _defaults.GetValueOrDefault(record.Reason) + 1;
                    break;
                case Outcome.Error:
                    _failed++;
                    _errors[record.Reason] = _errors.GetValueOrDefault(record.Reason) + 1;
                    break;
                default:
                    _hung++;
                    break;
            }

            if (record.Outcome is Outcome.Model or Outcome.Default)
            {
                _latency.RecordValue(Math.Clamp((long)(record.LatencyMs * 1000), 1, HighestMicros));
            }

            _records?.Add(record);
        }
    }

    /// <summary>The counts so far.</summary>
    public LoadSummary Summarize()
    {
        lock (_gate)
        {
            return new LoadSummary(
                Interlocked.Read(ref _sent), _model, _defaulted, _failed, _hung,
                Sorted(_defaults), Sorted(_errors),
                Percentile(50), Percentile(99), Percentile(99.9), _latency.TotalCount == 0 ? 0 : _latency.GetMaxValue() / 1000.0);
        }
    }

    /// <summary>A copy of every query's record so far (empty when records are not kept).</summary>
    public IReadOnlyList<QueryRecord> Records()
    {
        lock (_gate)
        {
            return _records is null ? [] : [.. _records];
        }
    }

    private double Percentile(double percentile) =>
        _latency.TotalCount == 0 ? 0 : _latency.GetValueAtPercentile(percentile) / 1000.0;

    private static IReadOnlyList<KeyValuePair<string, long>> Sorted(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];
}
