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

    /// <summary>Exited and not restarted (it failed too often, or could not be launched).</summary>
    Failed,
}
