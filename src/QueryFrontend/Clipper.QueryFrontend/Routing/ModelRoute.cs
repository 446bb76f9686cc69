using System.Collections.Frozen;
using System.Collections.Immutable;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Routing;

/// <summary>
/// Where the queries addressed to a model directly (not through an application) go: its registered versions, and the
/// objective, default output and keys it inherits from the applications linked to it. Resolved once per configuration change.
/// </summary>
/// <remarks>
/// The rule (documented in the README): among the linked applications, the one with the largest latency objective gives
/// the objective and the default output (ties: the first by name), so that no linked application's clients would wait
/// less than they accept. A model linked to no application takes <see cref="QueryFrontendOptions.OipLatencyObjective"/>
/// and has no default output: a query that misses is an error, not an invented answer.
/// </remarks>
internal sealed class ModelRoute
{
    public ModelRoute(
        string name,
        FrozenDictionary<string, ModelVersionRuntime> versions,
        ImmutableArray<string> versionNames,
        string? currentVersion,
        TimeSpan latencyObjective,
        string? objectiveApp,
        byte[]? defaultOutputUtf8,
        ImmutableArray<AppKeys> keys,
        string keyApps,
        TimeProvider timeProvider)
    {
        Name = name;
        Versions = versions;
        VersionNames = versionNames;
        CurrentVersion = currentVersion;
        LatencyObjective = latencyObjective;
        ObjectiveApp = objectiveApp;
        DefaultOutputUtf8 = defaultOutputUtf8;
        Keys = keys;
        KeyApps = keyApps;
        ObjectiveTimestampTicks = (long)(latencyObjective.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The runtime of every registered version, by version.</summary>
    public FrozenDictionary<string, ModelVersionRuntime> Versions { get; }

    /// <summary>The registered versions in ordinal order.</summary>
    public ImmutableArray<string> VersionNames { get; }

    /// <summary>The current version, or null when the model has none (its current version was deleted).</summary>
    public string? CurrentVersion { get; }

    /// <summary>The latency objective of a query addressed to the model.</summary>
    public TimeSpan LatencyObjective { get; }

    /// <summary>The latency objective in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long ObjectiveTimestampTicks { get; }

    /// <summary>The linked application that gave the objective and default output, or null when they come from the frontend's option.</summary>
    public string? ObjectiveApp { get; }

    /// <summary>The default output, UTF-8, or null when no application is linked (a query that misses is then an error).</summary>
    public byte[]? DefaultOutputUtf8 { get; }

    /// <summary>The keys of every linked application that requires one; a request must present a key of one of them. Empty: none required.</summary>
    public ImmutableArray<AppKeys> Keys { get; }

    /// <summary>The names of the applications in <see cref="Keys"/>, comma-separated, for refusals.</summary>
    public string KeyApps { get; }
}
