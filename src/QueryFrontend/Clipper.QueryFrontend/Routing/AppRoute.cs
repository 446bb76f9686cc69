using System.Collections.Immutable;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Routing;

/// <summary>Where the queries of one application go, resolved once per configuration change.</summary>
internal sealed class AppRoute
{
    public AppRoute(string name, InputType inputType, byte[] defaultOutputUtf8, TimeSpan latencyObjective, string? modelName, ModelVersionRuntime? target, TimeProvider timeProvider)
    {
        Name = name;
        InputType = inputType;
        DefaultOutputUtf8 = defaultOutputUtf8;
        LatencyObjective = latencyObjective;
        ModelName = modelName;
        Target = target;
        ObjectiveTimestampTicks = (long)(latencyObjective.TotalSeconds * timeProvider.TimestampFrequency);
    }

    public string Name { get; }

    public InputType InputType { get; }

    /// <summary>The default output, UTF-8, answered when the model cannot be.</summary>
    public byte[] DefaultOutputUtf8 { get; }

    public TimeSpan LatencyObjective { get; }

    /// <summary>The latency objective in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long ObjectiveTimestampTicks { get; }

    /// <summary>The linked model when the application serves exactly one and shadows none (Clipper's case), else null.</summary>
    public string? ModelName { get; }

    /// <summary>That model's current version, or null when there is none (or the application has several models).</summary>
    public ModelVersionRuntime? Target { get; }

    /// <summary>
    /// The served models (not shadows) with a weight above zero, by name, when the application has several or shadows
    /// one; empty in Clipper's one-model case, which takes <see cref="Target"/> alone.
    /// </summary>
    public ImmutableArray<AppArm> Served { get; init; } = [];

    /// <summary>The names of <see cref="Served"/>, in its order: the arms of the learned policies.</summary>
    public ImmutableArray<string> ServedNames { get; init; } = [];

    /// <summary>The sum of the weights of <see cref="Served"/>.</summary>
    public int TotalWeight { get; init; }

    /// <summary>The shadow models, by name: each gets its share of the queries, and its answers are only compared.</summary>
    public ImmutableArray<AppArm> Shadows { get; init; } = [];

    /// <summary>How a query chooses among <see cref="Served"/>.</summary>
    public SelectionPolicy Policy { get; init; }

    /// <summary>The application's learned weights (Exp3, Exp4), or null for the other policies.</summary>
    public AppPolicyState? PolicyState { get; init; }

    /// <summary>Whether queries take the several-models path (<see cref="Served"/> and <see cref="Shadows"/>) rather than <see cref="Target"/>.</summary>
    public bool IsMulti => !Served.IsEmpty;

    /// <summary>The keys a prediction must present one of, or null when the application requires none (the default).</summary>
    public AppKeys? Keys { get; init; }
}
