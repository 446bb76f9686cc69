using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;

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

    /// <summary>The linked model, or null when none is linked.</summary>
    public string? ModelName { get; }

    /// <summary>The linked model's current version, or null when there is none.</summary>
    public ModelVersionRuntime? Target { get; }

    /// <summary>The keys a prediction must present one of, or null when the application requires none (the default).</summary>
    public AppKeys? Keys { get; init; }
}
