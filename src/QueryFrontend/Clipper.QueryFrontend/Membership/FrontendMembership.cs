using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Metrics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Membership;

/// <summary>
/// Announces this frontend in Redis under a lease, renews it every third of the lease, and follows
/// the set of live frontends, which the RPC side pushes to model containers. When Redis is away the
/// last known set stays (and this frontend is always in it); when the frontend stops it withdraws
/// its announcement first, so containers stop reconnecting to it while it drains.
/// </summary>
internal sealed partial class FrontendMembership : BackgroundService, IFrontendMembership
{
    private readonly IConfigurationStore _store;
    private readonly QueryFrontendOptions _options;
    private readonly IServiceProvider _services;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private readonly RefusedContainers? _refused;
    private readonly FrontendMetrics? _metrics;
    private FrontendRecord? _self;
    private bool _redisAway;

    // Frontends missing from the last read: gone from two reads in a row, their replica records go.
    private HashSet<string> _missing = new(StringComparer.Ordinal);

    // The server is looked up once it has started, not injected: Kestrel's construction resolves the
    // RPC handler, which needs this membership, so injecting the server here would be a cycle.
    public FrontendMembership(IConfigurationStore store, QueryFrontendOptions options, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<FrontendMembership> logger, RefusedContainers? refused = null, FrontendMetrics? metrics = null)
    {
        _store = store;
        _refused = refused;
        _metrics = metrics;
        _options = options;
        _services = services;
        _lifetime = lifetime;
        _logger = logger;
        _time = options.TimeProvider;
        _startedAt = _time.GetUtcNow();
        Current = new MembershipSnapshot(new MembershipMessage(options.MaxFrontendsPerReplica, []));
    }

    /// <summary>Raised (on the membership loop) after <see cref="Current"/> changed.</summary>
    public event Action<MembershipSnapshot>? Changed;

    /// <summary>The live frontends as last known; empty until this frontend's ports are bound.</summary>
    public MembershipSnapshot Current { get; private set; }

    /// <summary>This frontend's id.</summary>
    public string FrontendId => _options.EffectiveFrontendId;

    /// <summary>This frontend's announcement, once its ports are bound.</summary>
    public FrontendRecord? Self => _self;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        _self = DescribeSelf();
        Publish([new FrontendAddress(_self.Id, _self.RpcHost, _self.RpcPort)]);

        // Stopping ends the loop at once (the drain follows), and the withdrawal runs after any renewal
        // in flight: a renewal landing after the withdrawal would announce the frontend again.
        using var withdraw = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _lifetime.ApplicationStopping);
        var period = _options.FrontendLease / 3;
        while (!withdraw.IsCancellationRequested)
        {
            // The containers refused lately and each app's counters ride along with the lease, so status can name them and
            // live views (clipper top, the dashboard) read every frontend's counters from one place, about a second old.
            var self = _refused is { Recent.Count: > 0 } refused ? _self with { RefusedContainers = refused.Recent } : _self;
            if (_metrics is not null)
            {
                self = self with { AppCounters = AppsJson.ToText(_metrics.Apps) };
            }

            await RenewAndReadAsync(self, withdraw.Token).ConfigureAwait(false);
            try
            {
                await Task.Delay(period, _time, withdraw.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await WithdrawAsync(_self).ConfigureAwait(false);
    }

    private async Task RenewAndReadAsync(FrontendRecord self, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.FrontendLease);
        try
        {
            await _store.RenewFrontendAsync(self, _options.FrontendLease, timeout.Token).ConfigureAwait(false);
            var frontends = await _store.GetFrontendsAsync(timeout.Token).ConfigureAwait(false);
            if (_redisAway)
            {
                _redisAway = false;
                Log.RedisBack(_logger, frontends.Count);
            }

            var members = new List<FrontendAddress>(frontends.Count + 1);
            var sawSelf = false;
            foreach (var frontend in frontends)
            {
                sawSelf |= frontend.Id == self.Id;
                members.Add(new FrontendAddress(frontend.Id, frontend.RpcHost, frontend.RpcPort));
            }

            if (!sawSelf)
            {
                // Read before the renewal became visible (or Redis lost it): this frontend is live regardless.
                members.Add(new FrontendAddress(self.Id, self.RpcHost, self.RpcPort));
                members.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            }

            var previous = Current.Members;
            Publish(members);
            await ForgetDeadFrontendsAsync(previous, members, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is ConfigurationStoreException or OperationCanceledException)
        {
            if (!_redisAway)
            {
                _redisAway = true;
                Log.RedisAway(_logger, Current.Members.Count, ex.Message);
            }
        }
    }

    /// <summary>
    /// A frontend that died (its lease expired) cannot remove the records of the replicas that were
    /// connected to it: the survivors do, once it has been missing from two reads in a row (one miss
    /// may be a Redis that restarted empty and has not been renewed into yet).
    /// </summary>
    private async Task ForgetDeadFrontendsAsync(IReadOnlyList<FrontendAddress> previous, List<FrontendAddress> current, CancellationToken cancellationToken)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var frontend in previous)
        {
            if (!current.Exists(f => f.Id == frontend.Id))
            {
                missing.Add(frontend.Id);
            }
        }

        foreach (var id in _missing)
        {
            if (current.Exists(f => f.Id == id))
            {
                continue;
            }

            var result = await _store.RemoveReplicasOfFrontendAsync(id, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                Log.ForgotFrontend(_logger, id);
            }
        }

        _missing = missing;
    }

    private void Publish(IReadOnlyList<FrontendAddress> members)
    {
        if (Current.Members.Count > 0 && Current.SameMembersAs(members))
        {
            return;
        }

        var snapshot = new MembershipSnapshot(new MembershipMessage(_options.MaxFrontendsPerReplica, members));
        Current = snapshot;
        Log.MembershipChanged(_logger, members.Count, string.Join(", ", members.Select(static m => m.Id)));
        Changed?.Invoke(snapshot);
    }

    /// <summary>Removes this frontend's announcement; best effort and bounded: a Redis that is away lets the lease expire instead.</summary>
    private async Task WithdrawAsync(FrontendRecord self)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.FrontendLease);
            await _store.RemoveFrontendAsync(self.Id, timeout.Token).ConfigureAwait(false);
            Log.Withdrawn(_logger, self.Id);
        }
        catch (Exception ex) when (ex is ConfigurationStoreException or OperationCanceledException)
        {
            Log.WithdrawFailed(_logger, self.Id, ex.Message);
        }
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = _lifetime.ApplicationStarted.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), started);
        try
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private FrontendRecord DescribeSelf()
    {
        var ports = BoundPorts.Read(_services.GetRequiredService<IServer>());
        var httpPort = ports.Count > 0 ? ports[0] : _options.HttpPort;
        var rpcPort = ports.Count > 1 ? ports[1] : _options.RpcPort;
        var host = _options.EffectiveAdvertisedHost;
        var hostInUri = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new FrontendRecord
        {
            Id = _options.EffectiveFrontendId,
            RpcHost = host,
            RpcPort = rpcPort,
            HttpAddress = _options.AdvertisedHttpAddress.Length > 0 ? _options.AdvertisedHttpAddress : $"{(_options.UsesTls ? "https" : "http")}://{hostInUri}:{httpPort}",
            StartedAt = _startedAt,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Live frontends ({Count}): {Ids}")]
        public static partial void MembershipChanged(ILogger logger, int count, string ids);

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Cannot renew this frontend's lease in Redis ({Reason}); keeping the {Count} frontends last known")]
        public static partial void RedisAway(ILogger logger, int count, string reason);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Redis answers again: {Count} live frontends")]
        public static partial void RedisBack(ILogger logger, int count);

        [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Frontend {Id} withdrew its announcement: it is stopping")]
        public static partial void Withdrawn(ILogger logger, string id);

        [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Frontend {Id} is gone (its lease expired): removed the records of the replicas that were connected to it")]
        public static partial void ForgotFrontend(ILogger logger, string id);

        [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Frontend {Id} could not withdraw its announcement ({Reason}); it expires with the lease")]
        public static partial void WithdrawFailed(ILogger logger, string id, string reason);
    }
}
