using System.Diagnostics.Metrics;
using Clipper.Configuration;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// The containers this frontend refused, of either protocol: counted, and the most recent kept (with address and
/// reason) for <c>GET /metrics</c> and for the frontend's lease record in Redis, where <c>clipper status</c> reads them.
/// </summary>
internal sealed class RefusedContainers
{
    /// <summary>How many recent refusals are kept.</summary>
    public const int Kept = 10;

    private readonly Lock _lock = new();
    private readonly RefusedContainerRecord[] _recent = new RefusedContainerRecord[Kept];
    private readonly Counter<long> _counter;
    private readonly TimeProvider _time;
    private int _next;
    private long _count;
    private volatile IReadOnlyList<RefusedContainerRecord> _snapshot = [];

    public RefusedContainers(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _counter = meterFactory.Create(FrontendMetrics.MeterName)
            .CreateCounter<long>("clipper.frontend.rpc.refused_containers", "{connection}", "Model containers refused (wrong RPC version, another input type, a broken handshake), by protocol.");
    }

    /// <summary>Refusals so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The most recent refusals, newest first; one immutable list, replaced on each refusal.</summary>
    public IReadOnlyList<RefusedContainerRecord> Recent => _snapshot;

    /// <summary>Records a refusal (not on the hot path: a container that connects and is turned away).</summary>
    public void Record(string protocol, string address, string model, string reason)
    {
        var record = new RefusedContainerRecord { At = _time.GetUtcNow(), Protocol = protocol, Address = address, Model = model, Reason = reason };
        Interlocked.Increment(ref _count);
        _counter.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
        lock (_lock)
        {
            _recent[_next % Kept] = record;
            _next++;
            var count = Math.Min(_next, Kept);
            var snapshot = new RefusedContainerRecord[count];
            for (var i = 0; i < count; i++)
            {
                snapshot[i] = _recent[(_next - 1 - i) % Kept];
            }

            _snapshot = snapshot;
        }
    }
}
