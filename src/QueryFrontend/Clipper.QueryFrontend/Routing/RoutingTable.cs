namespace Clipper.QueryFrontend.Routing;

/// <summary>Holds the current <see cref="RoutingSnapshot"/>; writers swap it atomically, readers read it once per request.</summary>
internal sealed class RoutingTable
{
    private volatile RoutingSnapshot _current = RoutingSnapshot.Empty;

    public RoutingSnapshot Current => _current;

    public void Publish(RoutingSnapshot snapshot) => _current = snapshot;
}
