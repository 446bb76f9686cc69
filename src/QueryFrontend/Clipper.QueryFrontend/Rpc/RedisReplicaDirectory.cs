using System.Collections.Concurrent;
using System.Threading.Channels;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// Keeps Redis's record of this frontend's replicas equal to the replicas actually connected.
/// Connection handlers never wait for Redis: they change the wanted set, and one background loop
/// writes the changes, retrying and rewriting the whole set after Redis was away (or restarted empty).
/// </summary>
internal sealed partial class RedisReplicaDirectory : BackgroundService, IReplicaDirectory
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);
    private readonly IConfigurationStore _store;
    private readonly QueryFrontendOptions _options;
    private readonly ILogger _logger;

    // Connection events only (never per query): a record changed and its change queued together, so a late
    // "draining" cannot be queued behind the removal of the same replica.
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<ReplicaKey, ReplicaRecord> _wanted = new();
    private readonly ConcurrentQueue<ReplicaChange> _changes = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _resyncNeeded = true;

    public RedisReplicaDirectory(IConfigurationStore store, QueryFrontendOptions options, ILogger<RedisReplicaDirectory> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _store.ConnectionRestored += OnConnectionRestored;
    }

    public void Add(ModelVersionId model, IReplica replica, string address, int reconnects)
    {
        var record = new ReplicaRecord
        {
            ModelName = model.Name,
            ModelVersion = model.Version,
            ReplicaId = replica.ReplicaId,
            ContainerId = replica.ContainerId,
            FrontendId = _options.EffectiveFrontendId,
            Address = address,
            ConnectedAt = _options.TimeProvider.GetUtcNow(),
            Protocol = replica.Protocol,
            Reconnects = reconnects,
        };
        lock (_gate)
        {
            _wanted[record.Key] = record;
            _changes.Enqueue(new ReplicaChange(record.Key, record));
        }

        _wake.Writer.TryWrite(true);
    }

    public void MarkDraining(ModelVersionId model, IReplica replica)
    {
        var key = new ReplicaKey(model, replica.ReplicaId);
        lock (_gate)
        {
            if (!_wanted.TryGetValue(key, out var record) || record.State == ReplicaConnectionStates.Draining)
            {
                return;
            }

            var draining = record with { State = ReplicaConnectionStates.Draining };
            _wanted[key] = draining;
            _changes.Enqueue(new ReplicaChange(key, draining));
        }

        _wake.Writer.TryWrite(true);
    }

    public void Remove(ModelVersionId model, IReplica replica)
    {
        var key = new ReplicaKey(model, replica.ReplicaId);
        lock (_gate)
        {
            _wanted.TryRemove(key, out _);
            _changes.Enqueue(new ReplicaChange(key, null));
        }

        _wake.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_resyncNeeded)
                {
                    await ResyncAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await ApplyChangesAsync(stoppingToken).ConfigureAwait(false);
                }

                await _wake.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ConfigurationStoreException or TimeoutException or StackExchange.Redis.RedisException)
            {
                LogWriteFailed(_logger, ex.Message);
                _resyncNeeded = true;
                await Task.Delay(s_retryDelay, _options.TimeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _store.ConnectionRestored -= OnConnectionRestored;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Containers reconnect elsewhere or to this frontend's next run: leave no stale record behind.
        try
        {
            await _store.RemoveReplicasOfFrontendAsync(_options.EffectiveFrontendId, cancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConfigurationStoreException or TimeoutException or OperationCanceledException or StackExchange.Redis.RedisException)
        {
            LogWriteFailed(_logger, ex.Message);
        }
    }

    /// <summary>Rewrites this frontend's records from scratch: what a previous run or an outage left is wrong.</summary>
    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        _resyncNeeded = false;
        _changes.Clear();
        Check(await _store.RemoveReplicasOfFrontendAsync(_options.EffectiveFrontendId, cancellationToken).ConfigureAwait(false));
        foreach (var record in _wanted.Values)
        {
            Check(await _store.RegisterReplicaAsync(record, cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task ApplyChangesAsync(CancellationToken cancellationToken)
    {
        while (_changes.TryPeek(out var change))
        {
            var result = change.Record is null
                ? await _store.RemoveReplicaAsync(change.Key, cancellationToken).ConfigureAwait(false)
                : await _store.RegisterReplicaAsync(change.Record, cancellationToken).ConfigureAwait(false);
            Check(result);
            _changes.TryDequeue(out _);
        }
    }

    private void Check(ConfigurationResult result)
    {
        if (result.Succeeded || result.Error is not { } error)
        {
            return;
        }

        // Losing a race with other writers again and again is transient: rewrite the whole set later.
        // Any other refusal (e.g. removing a record already gone) would fail the same way again.
        if (error.Code == ConfigurationErrorCode.ConcurrentModification)
        {
            throw new ConfigurationStoreException(error.Message);
        }

        LogRefused(_logger, error.ToString());
    }

    private void OnConnectionRestored()
    {
        _resyncNeeded = true;
        _wake.Writer.TryWrite(true);
    }

    private readonly record struct ReplicaChange(ReplicaKey Key, ReplicaRecord? Record);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Could not write replica records to Redis; retrying: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Debug, Message = "Redis refused a replica record change: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
