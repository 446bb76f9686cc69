namespace Clipper.ContainerManagers.Local;

/// <content>What the supervisor tells others: the status, a part's log tail, and the state file.</content>
internal sealed partial class LocalClusterSupervisor
{
    /// <summary>Everything <c>status</c> shows.</summary>
    public SupervisorStatus GetStatus()
    {
        lock (_lock)
        {
            var parts = new List<PartStatus>();
            foreach (var part in _parts.Values)
            {
                parts.Add(new PartStatus(part.Spec.Id, part.State, part.Restarts, part.LastExitCode, part.ProcessId));
            }

            var replicas = new List<ReplicaStatus>();
            var deployments = new List<DeploymentStatus>();
            foreach (var (key, group) in _models)
            {
                deployments.Add(new DeploymentStatus(key, group.Deployment.InputType, group.Replicas.Count));
                foreach (var replica in group.Replicas)
                {
                    replicas.Add(new ReplicaStatus(replica.Spec.Id, key, replica.State, replica.Restarts, replica.LastExitCode, replica.ProcessId));
                }
            }

            return new SupervisorStatus(_cluster, _addresses, parts, replicas, deployments) { Frontends = [.. _frontends] };
        }
    }

    /// <summary>The last lines of a part's or replica's log; null when no process has that id.</summary>
    public IReadOnlyList<string>? TailLog(string id, int lines)
    {
        var known = id == "supervisor" || FindProcess(id) is not null;
        return known ? LogTail.Read(_paths.LogOf(id), lines) : null;
    }

    /// <summary>True once <see cref="ShutdownAsync"/> began: nothing is started or recorded any more.</summary>
    public bool IsShutDown => _shutDown;

    /// <summary>Records the state file: addresses and every running child's pid.</summary>
    public void SaveState()
    {
        if (_shutDown)
        {
            return;
        }

        var children = new Dictionary<string, ProcessRecord>();
        lock (_lock)
        {
            foreach (var process in AllProcessesLocked())
            {
                if (process.Record is { } record)
                {
                    children[process.Spec.Id] = record;
                }
            }
        }

        new LocalClusterState
        {
            Cluster = _cluster,
            Supervisor = s_self,
            ControlPort = ControlPort,
            ControlToken = ControlToken,
            Addresses = _addresses,
            Frontends = Frontends,
            LogFormat = _logFormat,
            Children = children,
        }.Save(_paths.StateFile);
    }
}
