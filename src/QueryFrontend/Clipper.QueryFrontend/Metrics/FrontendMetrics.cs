using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// The query frontend's instruments (exported as Prometheus text on <c>GET /metrics</c>), and the plain counts beside
/// them that the JSON on the same path shows. Tags are arrays built once per application, model version and outcome:
/// recording allocates nothing, and nothing is recorded into an instrument nobody listens to.
/// </summary>
internal sealed partial class FrontendMetrics
{
    /// <summary>The meter name to listen to (e.g. with dotnet-counters); the Prometheus exporter exports it.</summary>
    public const string MeterName = "Clipper.QueryFrontend";

    private readonly Counter<long> _queries;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _refusedConnections;
    private readonly Counter<long> _requeued;
    private readonly Counter<long> _protocolErrors;
    private readonly Counter<long> _joinRefusals;
    private readonly Counter<long> _replicaTimeouts;
    private readonly Counter<long> _keyRefusals;
    private readonly Counter<long> _reconnects;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _modelDuration;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _requestDuration;
    private readonly ConcurrentDictionary<string, AppMetrics> _apps = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments; with <paramref name="models"/>, also the queue depth and replica gauges over its versions.</summary>
    public FrontendMetrics(IMeterFactory meterFactory, ModelRegistry? models = null)
    {
        var meter = meterFactory.Create(MeterName);
        _queries = meter.CreateCounter<long>("clipper.frontend.queries", "{query}", "Queries answered, by application, model version and outcome (model, or default with its reason).");
        _requests = meter.CreateCounter<long>("clipper.frontend.requests", "{request}", "Requests refused, by application and HTTP status (400, 401, 404, 408, 413, 503...). Unknown applications and models count under app=\"\".");
        _refusedConnections = meter.CreateCounter<long>("clipper.frontend.http.refused_connections", "{connection}", "HTTP connections answered 503 and closed because MaxConcurrentConnections were open.");
        _requeued = meter.CreateCounter<long>("clipper.frontend.requeued", "{query}", "In-flight queries re-queued after their replica was lost.");
        _protocolErrors = meter.CreateCounter<long>("clipper.frontend.rpc.protocol_errors", "{connection}", "RPC connections closed for a protocol error.");
        _joinRefusals = meter.CreateCounter<long>("clipper.frontend.rpc.join_refusals", "{connection}", "Containers refused for a missing or wrong join token, or (Clipper's containers, which carry none) for an address outside the allowed networks.");
        _replicaTimeouts = meter.CreateCounter<long>("clipper.frontend.rpc.heartbeat_timeouts", "{connection}", "Replicas dropped for missing heartbeats.");
        _keyRefusals = meter.CreateCounter<long>("clipper.frontend.predict.key_refusals", "{request}", "Predictions refused with 401 for a missing, malformed or invalid API key, by reason.");
        _reconnects = meter.CreateCounter<long>("clipper.frontend.rpc.reconnects", "{connection}", "Containers that connected again to this frontend after their connection to it was lost, by model version.");
        _batchSize = meter.CreateHistogram("clipper.frontend.batch.size", "{query}", "Queries per batch sent to a replica.", tags: null, MetricBuckets.BatchSizeAdvice);
        _batchDuration = meter.CreateHistogram("clipper.frontend.batch.duration", "s", "Time from sending a batch to its answer, as this frontend measures it.", tags: null, MetricBuckets.SecondsAdvice);
        _modelDuration = meter.CreateHistogram("clipper.frontend.model.duration", "s", "The model's time per batch, as the container measured it and reported it in the batch's answer.", tags: null, MetricBuckets.SecondsAdvice);
        _queueWait = meter.CreateHistogram("clipper.frontend.queue.wait", "s", "Time a query waited from its queueing to its dispatch in a batch.", tags: null, MetricBuckets.SecondsAdvice);
        _requestDuration = meter.CreateHistogram("clipper.frontend.request.duration", "s", "Time from reading a request to answering it, by application (the requests answered, not the refused).", tags: null, MetricBuckets.SecondsAdvice);
        CreateSelectionInstruments(meter);
        if (models is not null)
        {
            meter.CreateObservableGauge("clipper.frontend.queue.depth", () => ObserveQueueDepths(models), "{query}", "Queries in each model version's queue (an upper bound: answered queries not yet discarded count).");
            meter.CreateObservableGauge("clipper.frontend.rpc.replicas", () => ObserveReplicas(models), "{replica}", "Replicas of each model version connected to this frontend.");
            CreateCacheInstruments(meter, models);
        }

        Unrouted = new AppMetrics("");
    }

    private readonly long[] _answersByReason = new long[(int)DefaultReason.ModelVersionRemoved + 1];
    private long _rejectedCount;
    private readonly long[] _keyRefusalsByCheck = new long[(int)KeyCheck.Invalid + 1];
    private long _refusedConnectionCount;
    private long _requeuedCount;
    private long _sentCount;
    private long _requestsInProgress;

    /// <summary>
    /// The counts of requests that name no application: queries addressed to a model directly (the Open Inference
    /// Protocol), and requests for an unknown application or model (counted here, not per name, so that a client cannot
    /// make a series per name it invents).
    /// </summary>
    public AppMetrics Unrouted { get; }

    /// <summary>Every application counted so far, by name (not <see cref="Unrouted"/>).</summary>
    public ICollection<AppMetrics> Apps => _apps.Values;

    /// <summary>Queries answered so far, by <see cref="DefaultReason"/> (index 0: answered by the model).</summary>
    public long AnswerCount(DefaultReason reason) => Volatile.Read(ref _answersByReason[(int)reason]);

    /// <summary>Predictions refused so far for their API key, by <see cref="KeyCheck"/>.</summary>
    public long KeyRefusalCount(KeyCheck check) => Volatile.Read(ref _keyRefusalsByCheck[(int)check]);

    /// <summary>Requests refused with 503 so far.</summary>
    public long RejectedCount => Volatile.Read(ref _rejectedCount);

    /// <summary>HTTP connections refused so far because <see cref="QueryFrontendOptions.MaxConcurrentConnections"/> were open.</summary>
    public long RefusedConnectionCount => Volatile.Read(ref _refusedConnectionCount);

    /// <summary>Queries re-queued after a replica was lost so far.</summary>
    public long RequeuedCount => Volatile.Read(ref _requeuedCount);

    /// <summary>Prediction requests read and not yet answered.</summary>
    public long RequestsInProgress => Volatile.Read(ref _requestsInProgress);

    /// <summary>Queries written to replicas in batches so far (a re-queued query counts again when it is re-sent).</summary>
    public long SentCount => Volatile.Read(ref _sentCount);

    /// <summary>The counts of an application (created on its first request; applications are few and named by the configuration).</summary>
    public AppMetrics ForApp(string name) =>
        _apps.TryGetValue(name, out var app) ? app : _apps.GetOrAdd(name, static n => new AppMetrics(n));

    /// <summary>A prediction was refused with 401 for its API key.</summary>
    public void KeyRefused(KeyCheck check)
    {
        Interlocked.Increment(ref _keyRefusalsByCheck[(int)check]);
        if (_keyRefusals.Enabled)
        {
            _keyRefusals.Add(1, new KeyValuePair<string, object?>("reason", KeyChecks.TagOf(check)));
        }
    }

    public void ConnectionRefused()
    {
        Interlocked.Increment(ref _refusedConnectionCount);
        _refusedConnections.Add(1);
    }

    public void QueriesRequeued(int count)
    {
        Interlocked.Add(ref _requeuedCount, count);
        _requeued.Add(count);
    }

    public void ProtocolError() => _protocolErrors.Add(1);

    /// <summary>A container was refused because it did not present the cluster's join token (or is not on loopback).</summary>
    public void JoinRefused() => _joinRefusals.Add(1);

    public void ReplicaTimedOut() => _replicaTimeouts.Add(1);

    public void RequestStarted() => Interlocked.Increment(ref _requestsInProgress);

    public void RequestEnded() => Interlocked.Decrement(ref _requestsInProgress);
}
