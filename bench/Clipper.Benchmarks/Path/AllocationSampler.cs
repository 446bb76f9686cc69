using System.Diagnostics.Tracing;

namespace Clipper.Benchmarks.Path;

/// <summary>
/// Samples the runtime's <c>GCAllocationTick</c> events (one per about 100 KB allocated, naming the type of the object
/// that crossed the threshold) to tell which types a loop allocates, in proportion to their bytes.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, (long Count, long Bytes)> _byType = [];
    private volatile bool _recording;

    /// <summary>The sampled types, each with its ticks and the bytes those ticks stand for.</summary>
    public IReadOnlyDictionary<string, (long Count, long Bytes)> ByType => _byType;

    /// <summary>Starts counting ticks.</summary>
    public void Record() => _recording = true;

    /// <summary>Stops counting ticks.</summary>
    public void Stop() => _recording = false;

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var typeName = "?";
        long amount = 0;
        for (var i = 0; i < eventData.Payload.Count; i++)
        {
            var name = eventData.PayloadNames![i];
            if (name == "TypeName")
            {
                typeName = eventData.Payload[i] as string ?? "?";
            }
            else if (name == "AllocationAmount64")
            {
                amount = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        lock (_byType)
        {
            _byType.TryGetValue(typeName, out var sum);
            _byType[typeName] = (sum.Count + 1, sum.Bytes + amount);
        }
    }
}
