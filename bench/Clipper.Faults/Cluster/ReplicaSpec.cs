using System.Globalization;

namespace Clipper.Faults.Cluster;

/// <summary>One replica of the cluster's model: the <c>sleep</c> example model, and where it runs.</summary>
/// <param name="SleepMs">Fixed milliseconds per batch (so a batch is in flight long enough to be hit by a fault).</param>
/// <param name="SleepPerItemUs">Extra microseconds per input.</param>
/// <param name="InNamespace">Whether it runs in a network namespace of its own (the partition fault).</param>
/// <param name="LogBatches">Whether it prints a line as each batch starts (so a fault can strike mid-batch).</param>
internal sealed record ReplicaSpec(double SleepMs, double SleepPerItemUs = 10, bool InNamespace = false, bool LogBatches = false)
{
    /// <summary>The example model's arguments.</summary>
    public IEnumerable<string> Arguments() =>
    [
        "example-model", "sleep",
        "--sleep-ms", SleepMs.ToString(CultureInfo.InvariantCulture),
        "--sleep-per-item-us", SleepPerItemUs.ToString(CultureInfo.InvariantCulture),
        .. LogBatches ? ["--log-batches"] : Array.Empty<string>(),
    ];
}
