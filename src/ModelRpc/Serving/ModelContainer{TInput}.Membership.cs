using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

/// <summary>The membership side of the links: which frontends this container serves.</summary>
public sealed partial class ModelContainer<TInput>
{
    /// <summary>
    /// A frontend sent the live membership: start a link to each frontend this container should
    /// serve and has no link to; forget the others (a link ends at its next reconnection), and with
    /// a cap, ask connections to frontends outside this container's share to leave.
    /// </summary>
    internal void OnMembership(MembershipMessage membership)
    {
        var wanted = FrontendChoice.Choose(Options.ContainerId, membership);
        Log.MembershipReceived(Logger, membership.Frontends.Count, wanted.Count, membership.MaxFrontendsPerReplica);
        List<ContainerConnection<TInput>>? leaving;
        lock (_linksLock)
        {
            if (_linksClosed)
            {
                return;
            }

            _targets.Clear();
            foreach (var frontend in wanted)
            {
                _targets[frontend.Id] = frontend;
                if (_runningLinks.Add(frontend.Id))
                {
                    var id = frontend.Id;
                    _linkTasks.Add(Task.Run(() => RunMemberLinkAsync(id)));
                }
            }

            _cap = membership.MaxFrontendsPerReplica;
            leaving = OutsideShareLocked();
        }

        LeaveAll(leaving);
    }

    /// <summary>
    /// Past the cap, once more frontends are connected than the cap allows, the connections to
    /// frontends outside this container's share (the one it reached first, say) are to leave.
    /// </summary>
    private List<ContainerConnection<TInput>>? OutsideShareLocked()
    {
        if (_cap <= 0 || _live.Count <= _cap)
        {
            return null;
        }

        List<ContainerConnection<TInput>>? leaving = null;
        foreach (var (id, connection) in _live)
        {
            if (!_targets.ContainsKey(id))
            {
                (leaving ??= []).Add(connection);
            }
        }

        return leaving;
    }

    private void LeaveAll(List<ContainerConnection<TInput>>? leaving)
    {
        foreach (var connection in leaving ?? [])
        {
            connection.Leave(ServingErrors.OutsideShare(_cap));
        }
    }

    private bool TryGetTarget(string frontendId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FrontendAddress? target)
    {
        lock (_linksLock)
        {
            if (!_linksClosed && _targets.TryGetValue(frontendId, out target))
            {
                return true;
            }

            // Removed under the lock that OnMembership starts links under, so a frontend that comes back gets a new link.
            _runningLinks.Remove(frontendId);
            target = null;
            return false;
        }
    }
}
