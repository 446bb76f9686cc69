using Clipper.Faults.Processes;

namespace Clipper.Faults.Cluster;

/// <summary>One replica's place in the cluster: what it runs, its ready file, and its current process (a new one after each restart).</summary>
internal sealed class ReplicaSlot(int index, ReplicaSpec spec, string readyFile)
{
    /// <summary>The replica's index.</summary>
    public int Index { get; } = index;

    /// <summary>What it runs.</summary>
    public ReplicaSpec Spec { get; } = spec;

    /// <summary>The file the replica creates while connected to the frontend.</summary>
    public string ReadyFile { get; } = readyFile;

    /// <summary>The current process.</summary>
    public ChildProcess? Process { get; set; }
}
