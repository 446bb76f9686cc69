using Clipper.ModelRpc.Protocol;
using System.Collections.Frozen;
using Clipper.Configuration;
using Clipper.Configuration.Watching;
using Clipper.QueryFrontend.Canary;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Selection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Routing;

/// <summary>
/// Follows the configuration in Redis and turns each new snapshot of it into a routing snapshot:
/// the model runtimes are configured, then the new table is published in one swap.
/// </summary>
internal sealed partial class ConfigurationFollower : IHostedService
{
    private readonly ConfigurationWatcher _watcher;
    private readonly RoutingTable _routing;
    private readonly ModelRegistry _models;
    private readonly PolicyStates _policies;
    private readonly CanaryMonitors _canaries;
    private readonly QueryFrontendOptions _options;
    private readonly ILogger _logger;
    private readonly object _rebuildLock = new();

    public ConfigurationFollower(ConfigurationWatcher watcher, RoutingTable routing, ModelRegistry models, PolicyStates policies, CanaryMonitors canaries, QueryFrontendOptions options, ILogger<ConfigurationFollower> logger)
    {
        _canaries = canaries;
        _policies = policies;
        _watcher = watcher;
        _routing = routing;
        _models = models;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher.Changed += Rebuild;
        _watcher.Start();

        // Serving can start without Redis (the frontend then waits for it in the background), but
        // when Redis is there the first requests should already see its applications.
        using var timeout = new CancellationTokenSource(_options.InitialLoadTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _watcher.WaitForFirstLoadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogStartedWithoutConfiguration(_logger, _options.RedisAddress, _options.InitialLoadTimeout.TotalSeconds);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher.Changed -= Rebuild;
        await _watcher.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds and publishes the routing snapshot of one configuration snapshot.</summary>
    internal void Rebuild(ClusterConfiguration configuration)
    {
        // The watcher calls from one loop, but a lock keeps two rebuilds from interleaving their
        // runtime changes if that ever changes. Readers never take it.
        lock (_rebuildLock)
        {
            ConfigureModels(configuration);
            var apps = new Dictionary<string, AppRoute>(configuration.Applications.Count, StringComparer.Ordinal);
            var learning = new HashSet<string>(StringComparer.Ordinal);
            var canaries = new HashSet<string>(StringComparer.Ordinal);
            foreach (var app in configuration.Applications.Values)
            {
                var route = AppRoutes.Build(app, configuration, _models, _policies, _canaries, _options.TimeProvider);
                if (app.Canary is { IsRunning: true })
                {
                    canaries.Add(app.Name);
                }

                apps[app.Name] = route;
                if (route.PolicyState is not null)
                {
                    learning.Add(app.Name);
                }
            }

            _policies.RemoveExcept(learning);
            _canaries.RemoveExcept(canaries);

            var models = ModelRoutes.Build(configuration, _models, _options);
            _routing.Publish(new RoutingSnapshot(apps.ToFrozenDictionary(StringComparer.Ordinal), configuration.Revision, models));
            LogRoutingPublished(_logger, configuration.Revision, apps.Count);
        }
    }

    /// <summary>
    /// The model versions with a replica on another frontend, in one pass over the replica records: every replica connect
    /// is a new configuration, so a scan per model version made a connect storm of n replicas cost O(versions × n) per rebuild.
    /// </summary>
    private HashSet<ModelVersionId> ModelsWithReplicasElsewhere(ClusterConfiguration configuration)
    {
        var models = new HashSet<ModelVersionId>();
        foreach (var replica in configuration.Replicas.Values)
        {
            if (replica.FrontendId != _options.EffectiveFrontendId)
            {
                models.Add(replica.Model);
            }
        }

        return models;
    }

    private void ConfigureModels(ClusterConfiguration configuration)
    {
        var elsewhere = ModelsWithReplicasElsewhere(configuration);
        foreach (var model in configuration.ModelVersions.Values)
        {
            var runtime = _models.GetOrAdd(model.Id, model.InputType);
            var objective = TimeSpan.MaxValue;
            foreach (var app in configuration.Applications.Values)
            {
                if (app.LinkedModels.Contains(model.Name))
                {
                    var slo = TimeSpan.FromMicroseconds(app.LatencySloMicros);
                    objective = slo < objective ? slo : objective;
                }
            }

            // A batch may use only part of the objective: the rest is left for queueing and the
            // network, so that the queries of a batch that meets its objective also meet theirs.
            var batchObjective = objective == TimeSpan.MaxValue
                ? _options.Batching.DefaultObjective
                : objective * _options.Batching.ObjectiveShare;
            runtime.Configure(new ModelVersionSettings(model.InputType, model.BatchSize, batchObjective, model.CacheBytes));
            runtime.ReplicasExpected = elsewhere.Contains(model.Id);
        }

        foreach (var runtime in _models.All)
        {
            // Versions never registered are those whose containers connected early: they stay held.
            if (runtime.Settings is not null && !configuration.ModelVersions.ContainsKey(runtime.Key))
            {
                var answered = _models.Retire(runtime);
                if (answered >= 0)
                {
                    LogVersionRetired(_logger, runtime.Key.ToString(), answered);
                }
            }
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "No configuration from Redis at {Redis} within {Seconds} s; serving starts empty and follows Redis when it answers")]
    private static partial void LogStartedWithoutConfiguration(ILogger logger, string redis, double seconds);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Model version {Model} was removed: {Answered} queued queries answered with the default output; its replicas finish their batches and leave")]
    private static partial void LogVersionRetired(ILogger logger, string model, int answered);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Routing snapshot of revision {Revision} published: {Apps} applications")]
    private static partial void LogRoutingPublished(ILogger logger, long revision, int apps);
}
