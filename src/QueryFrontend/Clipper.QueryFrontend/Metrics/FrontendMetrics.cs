using System.Diagnostics;
using System.Diagnostics.Metrics;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>The query frontend's instruments. Tags are built only when someone listens.</summary>
internal sealed class FrontendMetrics
{
    /// <summary>The meter name to listen to (e.g. with dotnet-counters).</summary>
    public const string MeterName = "Clipper.QueryFrontend";

    private readonly Counter<long> _predictions;
    private readonly Counter<long> _defaults;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _refusedConnections;
    private readonly Counter<long> _requeued;
    private readonly Counter<long> _protocolErrors;
    private readonly Counter<long> _joinRefusals;
    private readonly Counter<long> _replicaTimeouts;
    private readonly Counter<long> _keyRefusals;
    private readonly UpDownCounter<long> _replicas;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchLatency;
    private readonly Histogram<double> _requestLatency;
    private readonly Histogram<double> _modelTime;

    public FrontendMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _predictions = meter.CreateCounter<long>("clipper.frontend.predictions", "{query}", "Queries answered, by the model or by default.");
        _defaults = meter.CreateCounter<long>("clipper.frontend.default_answers", "{query}", "Queries answered with the default output, by reason.");
        _rejected = meter.CreateCounter<long>("clipper.frontend.rejected", "{request}", "Requests refused with 503 because a model queue was full.");
        _refusedConnections = meter.CreateCounter<long>("clipper.frontend.http.refused_connections", "{connection}", "HTTP connections answered 503 and closed because MaxConcurrentConnections were open.");
        _requeued = meter.CreateCounter<long>("clipper.frontend.requeued", "{query}", "In-flight queries re-queued after their replica was lost.");
        _protocolErrors = meter.CreateCounter<long>("clipper.frontend.rpc.protocol_errors", "{connection}", "RPC connections closed for a protocol error.");
        _joinRefusals = meter.CreateCounter<long>("clipper.frontend.rpc.join_refusals", "{connection}", "Containers refused for a missing or wrong join token, or (Clipper's containers, which carry none) for an address outside the allowed networks.");
        _replicaTimeouts = meter.CreateCounter<long>("clipper.frontend.rpc.heartbeat_timeouts", "{connection}", "Replicas dropped for missing heartbeats.");
        _keyRefusals = meter.CreateCounter<long>("clipper.frontend.predict.key_refusals", "{request}", "Predictions refused with 401 for a missing, malformed or invalid API key, by reason.");
        _replicas = meter.CreateUpDownCounter<long>("clipper.frontend.rpc.replicas", "{replica}", "Connected model replicas.");
        _batchSize = meter.CreateHistogram<int>("clipper.frontend.batch.size", "{query}", "Queries per batch sent to a replica.");
        _batchLatency = meter.CreateHistogram<double>("clipper.frontend.batch.duration", "s", "Time from sending a batch to its answer.");
        _requestLatency = meter.CreateHistogram<double>("clipper.frontend.request.duration", "s", "Time from reading a prediction request to answering it.");
        _modelTime = meter.CreateHistogram<double>("clipper.frontend.model.duration", "s", "Time the container's predict function took for a batch, as the container measured it (protocol version 3).");
    }

    private readonly long[] _answersByReason = new long[(int)DefaultReason.ModelVersionRemoved + 1];
    private long _rejectedCount;
    private readonly long[] _keyRefusalsByCheck = new long[(int)KeyCheck.Invalid + 1];
    private long _refusedConnectionCount;
    private long _requeuedCount;
    private long _sentCount;
    private long _requestsInProgress;

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

    public void Answered(DefaultReason reason)
    {
        Interlocked.Increment(ref _answersByReason[(int)reason]);
        _predictions.Add(1);
        if (reason != DefaultReason.None)
        {
            _defaults.Add(1, new KeyValuePair<string, object?>("reason", DefaultExplanations.TagOf(reason)));
        }
    }

    public void Rejected()
    {
        Interlocked.Increment(ref _rejectedCount);
        _rejected.Add(1);
    }

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

    public void ReplicaConnected(int delta) => _replicas.Add(delta);

    public void RequestStarted() => Interlocked.Increment(ref _requestsInProgress);

    public void RequestEnded() => Interlocked.Decrement(ref _requestsInProgress);

    public void RequestCompleted(TimeSpan elapsed)
    {
        if (_requestLatency.Enabled)
        {
            _requestLatency.Record(elapsed.TotalSeconds);
        }
    }

    public void BatchSent(ModelVersionId model, int size)
    {
        Interlocked.Add(ref _sentCount, size);
        if (_batchSize.Enabled)
        {
            _batchSize.Record(size, new TagList { { "model", model.Name }, { "version", model.Version } });
        }
    }

    public void BatchCompleted(ModelVersionId model, int size, TimeSpan latency)
    {
        if (_batchLatency.Enabled)
        {
            _batchLatency.Record(latency.TotalSeconds, new TagList { { "model", model.Name }, { "version", model.Version } });
        }
    }

    /// <summary>A container reported how long its predict function took for a batch (protocol version 3).</summary>
    public void ModelTimeReported(ModelVersionId model, TimeSpan modelTime)
    {
        if (_modelTime.Enabled)
        {
            _modelTime.Record(modelTime.TotalSeconds, new TagList { { "model", model.Name }, { "version", model.Version } });
        }
    }
}
