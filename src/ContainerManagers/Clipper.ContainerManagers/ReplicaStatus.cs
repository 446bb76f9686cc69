using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers;

/// <summary>One supervised replica, as its manager sees it.</summary>
/// <param name="Id">The manager's id for it (a process tag, container or pod name); logs are found by it.</param>
/// <param name="Model">The model version it serves.</param>
/// <param name="State">What it is doing.</param>
/// <param name="Restarts">How many times it was restarted after exiting.</param>
/// <param name="LastExitCode">The exit code of its last exit, or null when it never exited.</param>
/// <param name="ProcessId">The current process id for local processes, otherwise null.</param>
public sealed record ReplicaStatus(string Id, ModelVersionId Model, ReplicaState State, int Restarts, int? LastExitCode, int? ProcessId)
{
    /// <summary>Why it is not running yet, when the manager knows (a pod no node can take, an image being pulled); null otherwise.</summary>
    public string? Detail { get; init; }
}
