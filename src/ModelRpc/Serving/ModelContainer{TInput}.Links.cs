using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// The container's links to frontends. The bootstrap link reaches the configured frontend address
/// (Clipper's <c>CLIPPER_IP</c>/<c>CLIPPER_PORT</c>: any one frontend, or a service in front of
/// them) whenever no connection is up. Every frontend then pushes the live membership, and the
/// container keeps one member link per frontend it should serve (all of them, or its share past
/// the cap), each reconnecting with its own backoff while the frontend stays in the membership.
/// One connection per frontend: a second one welcomed by the same frontend leaves at once.
/// </summary>
public sealed partial class ModelContainer<TInput>
{
    private readonly Lock _linksLock = new();
    private readonly Dictionary<string, ContainerConnection<TInput>> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FrontendAddress> _targets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _runningLinks = new(StringComparer.Ordinal);
    private readonly List<Task> _linkTasks = [];
    private TaskCompletionSource _liveChanged = NewSignal();
    private CancellationToken _stopping;
    private CancellationToken _stoppingOrDraining;
    private bool _linksClosed;
    private int _cap;

    /// <summary>The ids of the frontends this container is connected to and welcomed by, ordered.</summary>
    public IReadOnlyList<string> ConnectedFrontends
    {
        get
        {
            lock (_linksLock)
            {
                var ids = _live.Keys.ToList();
                ids.Sort(StringComparer.Ordinal);
                return ids;
            }
        }
    }

    /// <summary>The most batches this container ever ran at once, across all its frontends.</summary>
    public int PeakConcurrency => Capacity.PeakRunning;

    internal CapacityScheduler Capacity { get; }

    private async Task ServeAsync(CancellationToken stopping, CancellationToken stoppingOrDraining)
    {
        lock (_linksLock)
        {
            _stopping = stopping;
            _stoppingOrDraining = stoppingOrDraining;
        }

        using var onEnd = stoppingOrDraining.UnsafeRegister(static state => ((ModelContainer<TInput>)state!).CloseLinks(), this);
        await RunBootstrapLinkAsync().ConfigureAwait(false);
        CloseLinks();
        while (true)
        {
            Task[] links;
            lock (_linksLock)
            {
                links = [.. _linkTasks];
                _linkTasks.Clear();
            }

            if (links.Length == 0)
            {
                return;
            }

            await Task.WhenAll(links).ConfigureAwait(false);
        }
    }

    private async Task RunBootstrapLinkAsync()
    {
        var token = _stoppingOrDraining;
        bool failed = false;
        while (!token.IsCancellationRequested)
        {
            if (!await WaitUntilAsync(static (self, _) => self._live.Count == 0, null, token).ConfigureAwait(false)
                || (failed && !await DelayBeforeReconnectAsync(_backoff, token).ConfigureAwait(false)))
            {
                return;
            }

            var transport = await TryConnectAsync(Options.FrontendHost, Options.FrontendPort, _backoff, token).ConfigureAwait(false);
            ConnectionOutcome outcome = transport is null ? ConnectionOutcome.ConnectionLost : await RunConnectionAsync(transport, _backoff).ConfigureAwait(false);
            if (IsFinal(outcome))
            {
                return;
            }

            failed = outcome != ConnectionOutcome.LeftForOthers;
        }
    }

    private async Task RunMemberLinkAsync(string frontendId)
    {
        var token = _stoppingOrDraining;
        var backoff = new ReconnectBackoff(Options.ReconnectInitialDelay, Options.ReconnectMaxDelay, Options.Random);
        bool failed = false;
        while (!token.IsCancellationRequested)
        {
            if (!await WaitUntilAsync(static (self, id) => !self._live.ContainsKey(id!), frontendId, token).ConfigureAwait(false)
                || !TryGetTarget(frontendId, out FrontendAddress? target)
                || (failed && !await DelayBeforeReconnectAsync(backoff, token).ConfigureAwait(false)))
            {
                return;
            }

            var transport = await TryConnectAsync(target.Host, target.Port, backoff, token).ConfigureAwait(false);
            ConnectionOutcome outcome = transport is null ? ConnectionOutcome.ConnectionLost : await RunConnectionAsync(transport, backoff).ConfigureAwait(false);
            if (IsFinal(outcome))
            {
                return;
            }

            failed = outcome != ConnectionOutcome.LeftForOthers;
        }
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(FrontendTransport transport, ReconnectBackoff backoff)
    {
        var connection = new ContainerConnection<TInput>(this, transport);
        ConnectionOutcome outcome = await connection.RunAsync(_stopping, _drainRequested.Token).ConfigureAwait(false);
        OnConnectionEnded(connection);
        if (connection.WasWelcomed)
        {
            backoff.Reset();
        }

        return outcome;
    }

    private static bool IsFinal(ConnectionOutcome outcome) =>
        outcome is ConnectionOutcome.Drained or ConnectionOutcome.DrainTimedOut or ConnectionOutcome.Cancelled;

    /// <summary>Registers a welcomed connection; false when this frontend already has one (the new one must leave).</summary>
    internal bool TryAddLive(ContainerConnection<TInput> connection, WelcomeMessage welcome)
    {
        List<ContainerConnection<TInput>>? leaving;
        lock (_linksLock)
        {
            if (!_live.TryAdd(welcome.FrontendId, connection))
            {
                return false;
            }

            SignalLiveChangedLocked();
            leaving = OutsideShareLocked();
        }

        OnWelcomed(welcome);
        LeaveAll(leaving);
        return true;
    }

    private void OnConnectionEnded(ContainerConnection<TInput> connection)
    {
        bool none;
        lock (_linksLock)
        {
            if (connection.FrontendId is not { } id || !_live.TryGetValue(id, out var current) || current != connection)
            {
                return;
            }

            _live.Remove(id);
            none = _live.Count == 0;
            SignalLiveChangedLocked();
        }

        if (none)
        {
            MarkNotReady("disconnected from every frontend");
        }
    }

    private void CloseLinks()
    {
        lock (_linksLock)
        {
            _linksClosed = true;
            SignalLiveChangedLocked();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds under the links lock; false when cancelled or closed.</summary>
    private async Task<bool> WaitUntilAsync(Func<ModelContainer<TInput>, string?, bool> condition, string? argument, CancellationToken token)
    {
        while (true)
        {
            Task changed;
            lock (_linksLock)
            {
                if (_linksClosed || token.IsCancellationRequested)
                {
                    return false;
                }

                if (condition(this, argument))
                {
                    return true;
                }

                changed = _liveChanged.Task;
            }

            try
            {
                await changed.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private void SignalLiveChangedLocked()
    {
        _liveChanged.TrySetResult();
        _liveChanged = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
