namespace Clipper.ContainerManagers;

/// <summary>What a supervised replica or cluster part is doing.</summary>
public enum ReplicaState
{
    /// <summary>Launched; not yet known to have stayed up.</summary>
    Starting,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Exited and waiting out its back-off before the next start.</summary>
    Restarting,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Could not be launched (its program is missing, say); not retried. A process that exits is restarted instead, with back-off.</summary>
    Failed,
}
