using System.Diagnostics.Metrics;

namespace Clipper.Admin.Canary;

/// <summary>
/// The canary transitions the management frontend made or saw, exported with its other instruments on <c>GET /metrics</c>
/// (<c>clipper_management_canary_transitions_total</c>). Not a hot path: tags are built per call.
/// </summary>
internal sealed class CanaryMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Clipper.Management.Canary";

    private readonly Counter<long> _transitions;

    public CanaryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _transitions = meter.CreateCounter<long>(
            "clipper.management.canary.transitions",
            "{transition}",
            "Canary transitions, by application and transition (started, widened, promoted, rolled_back).");
    }

    /// <summary>A canary of <paramref name="app"/> made <paramref name="transition"/>.</summary>
    public void Transition(string app, string transition) =>
        _transitions.Add(1, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("transition", transition));
}
