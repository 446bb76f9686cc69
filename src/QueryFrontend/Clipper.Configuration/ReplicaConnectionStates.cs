namespace Clipper.Configuration;

/// <summary>The states of a replica's connection as its query frontend records them beside the replica.</summary>
public static class ReplicaConnectionStates
{
    /// <summary>Connected and taking batches (or held until its version is registered).</summary>
    public const string Connected = "connected";

    /// <summary>The replica said goodbye: it finishes the batches it holds, takes no new ones and then disconnects.</summary>
    public const string Draining = "draining";
}
