namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// Counts, per container id, how many times that container connected to this frontend again after all its connections
/// to it were gone: a container restarted with the same id (Docker and Kubernetes keep the host name and pid 1, the local
/// manager sets the id) and a dropped connection both count one. A second connection while one is up (a ModelRpc
/// container's bootstrap link meeting its member link, which leaves at once) does not. Bounded: past
/// <see cref="Capacity"/> ids, the one that connected longest ago is forgotten (and counts from 0 if it comes back).
/// Used when replicas connect and disconnect, never per query.
/// </summary>
internal sealed class ReconnectCounter
{
    /// <summary>The default number of container ids remembered.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);

    // Least recently connected first: the head is forgotten when the map is full.
    private readonly LinkedList<Entry> _order = new();

    public ReconnectCounter(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most container ids remembered.</summary>
    public int Capacity { get; }

    /// <summary>The number of container ids remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Records a connection of <paramref name="containerId"/>; returns its reconnects so far, this one included.</summary>
    /// <param name="containerId">The id the container sent. An empty id names no container: never counted, it reads as 0.</param>
    /// <param name="returned">True when this connection is a reconnect: the container had connected before and had no connection up.</param>
    public int Connected(string containerId, out bool returned)
    {
        returned = false;
        if (string.IsNullOrEmpty(containerId))
        {
            return 0;
        }

        lock (_lock)
        {
            if (_byId.TryGetValue(containerId, out var node))
            {
                var entry = node.Value;
                returned = entry.Live == 0;
                if (returned && entry.Reconnects < int.MaxValue)
                {
                    entry.Reconnects++;
                }

                entry.Live++;
                _order.Remove(node);
                _order.AddLast(node);
                return entry.Reconnects;
            }

            if (_byId.Count >= Capacity && _order.First is { } oldest)
            {
                _order.RemoveFirst();
                _byId.Remove(oldest.Value.ContainerId);
            }

            _byId[containerId] = _order.AddLast(new Entry(containerId) { Live = 1 });
            return 0;
        }
    }

    /// <summary>Records that a connection of <paramref name="containerId"/> ended.</summary>
    public void Disconnected(string containerId)
    {
        if (string.IsNullOrEmpty(containerId))
        {
            return;
        }

        lock (_lock)
        {
            // Forgotten while connected (past capacity): nothing to do; it counts from 0 when it comes back.
            if (_byId.TryGetValue(containerId, out var node) && node.Value.Live > 0)
            {
                node.Value.Live--;
            }
        }
    }

    private sealed class Entry(string containerId)
    {
        public string ContainerId { get; } = containerId;

        public int Reconnects { get; set; }

        public int Live { get; set; }
    }
}
