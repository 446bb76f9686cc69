namespace Clipper.ReplicaSwarm.Swarm;

/// <summary>How a swarm's connect storm went, from the swarm's side.</summary>
/// <param name="AllConnected">Whether every replica was welcomed in time.</param>
/// <param name="Connected">Replicas welcomed when the wait ended.</param>
/// <param name="Replicas">Replicas in the swarm.</param>
/// <param name="Elapsed">From the start of the swarm to the last welcome (or to the end of the wait).</param>
internal readonly record struct SwarmConnection(bool AllConnected, int Connected, int Replicas, TimeSpan Elapsed);
