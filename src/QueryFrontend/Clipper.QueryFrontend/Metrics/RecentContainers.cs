using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// The containers whose connection to this frontend was lost recently, per model version, so that one connecting again
/// counts as a reconnect. Bounded: the most recent <see cref="PerModel"/> per version, for at most <see cref="Models"/>
/// versions. Touched when replicas connect and disconnect, never on the query path.
/// </summary>
internal sealed class RecentContainers
{
    /// <summary>How many lost containers are remembered per model version.</summary>
    public const int PerModel = 64;

    /// <summary>How many model versions are remembered.</summary>
    public const int Models = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<ModelVersionId, LinkedList<string>> _lost = [];

    /// <summary>Remembers that <paramref name="containerId"/>'s connection for <paramref name="model"/> was lost.</summary>
    public void Add(ModelVersionId model, string containerId)
    {
        lock (_lock)
        {
            if (!_lost.TryGetValue(model, out var ids))
            {
                if (_lost.Count >= Models)
                {
                    // Forget a version at random rather than grow: a reconnect may then go uncounted, never misreported.
                    foreach (var key in _lost.Keys)
                    {
                        _lost.Remove(key);
                        break;
                    }
                }

                ids = new LinkedList<string>();
                _lost[model] = ids;
            }

            ids.Remove(containerId);
            ids.AddFirst(containerId);
            if (ids.Count > PerModel)
            {
                ids.RemoveLast();
            }
        }
    }

    /// <summary>Forgets <paramref name="containerId"/> for <paramref name="model"/>; true when it was remembered (a reconnect).</summary>
    public bool Remove(ModelVersionId model, string containerId)
    {
        lock (_lock)
        {
            return _lost.TryGetValue(model, out var ids) && ids.Remove(containerId);
        }
    }
}
