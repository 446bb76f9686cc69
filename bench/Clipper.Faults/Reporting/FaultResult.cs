using Clipper.Faults.Cluster;
using Clipper.Faults.Load;

namespace Clipper.Faults.Reporting;

/// <summary>The outcome of one fault run: the load's counts, the configuration before and after, crashes, the fault's own figures, and every goal missed.</summary>
internal sealed record FaultResult
{
    /// <summary>The fault's name.</summary>
    public required string Fault { get; init; }

    /// <summary>What the load saw.</summary>
    public required LoadSummary Load { get; init; }

    /// <summary>The configuration in Redis before the fault.</summary>
    public required ConfigurationCount ConfigurationBefore { get; init; }

    /// <summary>The configuration in Redis after the fault and the recovery.</summary>
    public required ConfigurationCount ConfigurationAfter { get; init; }

    /// <summary>Processes that ended without the harness ending them, described.</summary>
    public required IReadOnlyList<string> Crashed { get; init; }

    /// <summary>The fault's own figures.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Notes { get; init; }

    /// <summary>Every goal missed; empty when the run met them all.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Entries of the configuration missing after the fault.</summary>
    public long ConfigurationLost => ConfigurationAfter.LostSince(ConfigurationBefore);

    /// <summary>Whether every goal was met.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>A figure the fault noted, or null.</summary>
    public string? NoteOf(string key) => Notes.LastOrDefault(n => n.Key == key).Value;
}
