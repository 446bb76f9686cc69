using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.Configuration.Watching;

/// <summary>
/// Keeps an up-to-date <see cref="ClusterConfiguration"/> for a query frontend. It subscribes to the store's
/// change notifications, then loads the whole snapshot; every notification, every restored connection and
/// every <see cref="ConfigurationWatcherOptions.ResyncInterval"/> causes a reload. Notifications that arrive
/// while a load runs are coalesced into one further load. While the store is away the last snapshot stays
/// in <see cref="Current"/> and loads are retried with exponential backoff.
/// </summary>
/// <remarks>
/// Readers take <see cref="Current"/> once per request: it is an immutable snapshot replaced whole.
/// <see cref="Changed"/> is raised on the watcher's loop after <see cref="Current"/> was replaced, once per
/// new state (epoch or revision differ) and once for the first load; handlers must return quickly, and an
/// exception thrown by one is logged and does not stop the watcher.
/// </remarks>
public sealed partial class ConfigurationWatcher : IAsyncDisposable
{
    private readonly IConfigurationStore _store;
    private readonly ConfigurationWatcherOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ClusterConfiguration _current = ClusterConfiguration.Empty;
    private volatile bool _synchronized;
    private IAsyncDisposable? _subscription;
    private Task? _loop;
    private int _started;

    /// <summary>Creates a watcher; call <see cref="Start"/> to begin following the store.</summary>
    /// <param name="store">The store to follow.</param>
    /// <param name="options">Timeouts and backoff; defaults when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and resynchronisation; the system clock when <see langword="null"/>.</param>
    public ConfigurationWatcher(
        IConfigurationStore store,
        ConfigurationWatcherOptions? options = null,
        ILogger<ConfigurationWatcher>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new ConfigurationWatcherOptions();
        _options.Validate();
        _store = store;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised with the new snapshot after <see cref="Current"/> changed (see the remarks).</summary>
    public event Action<ClusterConfiguration>? Changed;

    /// <summary>The latest snapshot; <see cref="ClusterConfiguration.Empty"/> until the first load.</summary>
    public ClusterConfiguration Current => _current;

    /// <summary>Whether a snapshot was loaded from the store at least once (<see cref="Current"/> is then the store's, not the empty one).</summary>
    public bool HasLoaded => _firstLoad.Task.IsCompleted;

    /// <summary>Whether the last attempt to load the snapshot succeeded (false while the store is away).</summary>
    public bool IsSynchronized => _synchronized;

    /// <summary>Starts following the store in the background. Returns at once, even if the store is away; idempotent.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _store.ConnectionLost += OnConnectionLost;
            _store.ConnectionRestored += RequestReload;
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Completes when the first snapshot has been loaded.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes after the first successful load.</returns>
    public Task WaitForFirstLoadAsync(CancellationToken cancellationToken = default) => _firstLoad.Task.WaitAsync(cancellationToken);

    /// <summary>Asks for a reload soon; requests made while a load runs are coalesced into one further load.</summary>
    public void RequestReload() => _signals.Writer.TryWrite(true);

    /// <summary>Stops following the store and ends the subscription.</summary>
    /// <returns>A task that completes when the loop has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _store.ConnectionLost -= OnConnectionLost;
        _store.ConnectionRestored -= RequestReload;
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void Publish(ClusterConfiguration snapshot)
    {
        var previous = _current;
        _current = snapshot;
        var first = _firstLoad.TrySetResult();
        if (!first && previous.IsSameStateAs(snapshot))
        {
            return;
        }

        Log.SnapshotLoaded(_logger, snapshot.Revision, snapshot.Epoch, snapshot.Applications.Count, snapshot.ModelVersions.Count, snapshot.Replicas.Count);
        if (Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action<ClusterConfiguration>)handler)(snapshot);
            }
            catch (Exception ex)
            {
                // One faulty subscriber must not stop the others, nor the watcher.
                Log.ChangedHandlerFailed(_logger, ex);
            }
        }
    }
}
