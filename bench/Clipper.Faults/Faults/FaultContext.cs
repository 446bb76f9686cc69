using System.Globalization;
using Clipper.Faults.Cluster;
using Clipper.Faults.Load;

namespace Clipper.Faults.Faults;

/// <summary>What a fault acts on while it runs, and where it leaves its own figures and findings.</summary>
internal sealed class FaultContext(FaultCluster cluster, OpenLoopLoad load, FaultTiming timing, TextWriter log)
{
    private readonly List<KeyValuePair<string, string>> _notes = [];
    private readonly List<string> _problems = [];

    /// <summary>The cluster under load.</summary>
    public FaultCluster Cluster { get; } = cluster;

    /// <summary>The load.</summary>
    public OpenLoopLoad Load { get; } = load;

    /// <summary>The phases.</summary>
    public FaultTiming Timing { get; } = timing;

    /// <summary>Progress lines (stderr of the tool, the test's output).</summary>
    public TextWriter Log { get; } = log;

    /// <summary>The fault's own figures, in the order noted, printed as <c>key=value</c> after the fixed fields.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Notes => _notes;

    /// <summary>Goals the fault found missed, beyond the common ones.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Adds a figure.</summary>
    public void Note(string key, string value) => _notes.Add(new(key, value));

    /// <summary>Adds a duration in whole milliseconds, or <c>never</c>.</summary>
    public void NoteMs(string key, TimeSpan? value) =>
        Note(key, value is { } v ? ((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "never");

    /// <summary>Records a missed goal.</summary>
    public void Problem(string what) => _problems.Add(what);

    /// <summary>Waits, bounded (every phase is).</summary>
    public static Task DelayAsync(TimeSpan span) => Task.Delay(span);
}
