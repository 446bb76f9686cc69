namespace Clipper.Faults.Faults;

/// <summary>Every fault by name, in the order a full run injects them.</summary>
internal static class FaultCatalog
{
    /// <summary>Creates the faults, in order.</summary>
    public static IReadOnlyList<Fault> All() =>
    [
        new ReplicaKillFault(),
        new ReplicaStopFault(),
        new FrontendRestartFault(),
        new RedisRestartFault(appendOnly: true),
        new RedisRestartFault(appendOnly: false),
        new PartitionFault(),
        new SlowReplicaFault(),
        new MalformedFramesFault(),
        new OverloadFault(),
    ];

    /// <summary>The names, for help and errors.</summary>
    public static string Names => string.Join(", ", All().Select(f => f.Name));

    /// <summary>The fault named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No fault has that name; the message lists those that exist.</exception>
    public static Fault Named(string name) =>
        All().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentException($"There is no fault named '{name}'; expected one of {Names}.", nameof(name));
}
