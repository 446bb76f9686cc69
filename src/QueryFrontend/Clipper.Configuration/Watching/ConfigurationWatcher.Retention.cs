namespace Clipper.Configuration.Watching;

/// <summary>
/// What a watcher serves when the store loses its data (a Redis restarted without persistence): the applications,
/// links and model versions of the last snapshot, kept while the store holds none, with the store's replicas.
/// </summary>
/// <remarks>
/// A loss is told apart from deletions by the epoch: every data set gets a random one with its first change, and
/// deletions never remove it. So a load that holds no application and no model version, from another epoch (or
/// none) than the snapshot that held some, comes from a store that lost its data, not from an administrator who
/// deleted everything. Following it would turn a Redis restart into an outage of every application; the snapshot
/// is kept instead, until the store holds an application or a model version again (an administrator registered the
/// configuration anew), from which moment the store is followed as usual. Replicas are not kept: frontends register
/// theirs again in the new data set, and that registration (which gives the data set its epoch) must not end the
/// keeping.
/// </remarks>
public sealed partial class ConfigurationWatcher
{
    private ClusterConfiguration? _kept;

    /// <summary>Whether the watcher is serving a snapshot the store lost (see the remarks of this file's type).</summary>
    public bool IsKeepingLostConfiguration => Volatile.Read(ref _kept) is not null;

    private ClusterConfiguration KeepIfStoreLostIt(ClusterConfiguration loaded)
    {
        var holdsConfiguration = loaded.Applications.Count > 0 || loaded.ModelVersions.Count > 0;
        if (holdsConfiguration)
        {
            if (_kept is not null)
            {
                _kept = null;
                Log.StoreConfigurationAdopted(_logger, loaded.Epoch, loaded.Revision);
            }

            return loaded;
        }

        var served = _current;
        if (_kept is null)
        {
            var servedConfiguration = served.Applications.Count > 0 || served.ModelVersions.Count > 0;
            if (!servedConfiguration || string.Equals(served.Epoch, loaded.Epoch, StringComparison.Ordinal))
            {
                return loaded;
            }

            _kept = served;
            Log.StoreLostConfiguration(_logger, served.Epoch, loaded.Epoch, served.Applications.Count, served.ModelVersions.Count);
        }

        return new ClusterConfiguration(loaded.Revision, loaded.Epoch, _kept.Applications.Values, _kept.ModelVersions.Values, loaded.Replicas.Values);
    }
}
