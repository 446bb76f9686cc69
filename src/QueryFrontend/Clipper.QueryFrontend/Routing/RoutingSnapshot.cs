using System.Collections.Frozen;

namespace Clipper.QueryFrontend.Routing;

/// <summary>An immutable routing table: replaced whole on every configuration change, read without locks.</summary>
internal sealed class RoutingSnapshot
{
    public static readonly RoutingSnapshot Empty = new(FrozenDictionary<string, AppRoute>.Empty, revision: -1);

    public RoutingSnapshot(FrozenDictionary<string, AppRoute> apps, long revision, FrozenDictionary<string, ModelRoute>? models = null)
    {
        Apps = apps;
        Revision = revision;
        Models = models ?? FrozenDictionary<string, ModelRoute>.Empty;
    }

    public FrozenDictionary<string, AppRoute> Apps { get; }

    /// <summary>Every registered model by name, for requests that address a model directly (the Open Inference Protocol).</summary>
    public FrozenDictionary<string, ModelRoute> Models { get; }

    /// <summary>The configuration revision this snapshot was built from.</summary>
    public long Revision { get; }
}
