using System.Collections.Frozen;

namespace Clipper.QueryFrontend.Routing;

/// <summary>An immutable routing table: replaced whole on every configuration change, read without locks.</summary>
internal sealed class RoutingSnapshot
{
    public static readonly RoutingSnapshot Empty = new(FrozenDictionary<string, AppRoute>.Empty, revision: -1);

    public RoutingSnapshot(FrozenDictionary<string, AppRoute> apps, long revision)
    {
        Apps = apps;
        Revision = revision;
    }

    public FrozenDictionary<string, AppRoute> Apps { get; }

    /// <summary>The configuration revision this snapshot was built from.</summary>
    public long Revision { get; }
}
