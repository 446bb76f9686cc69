using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tracing;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// One model container's connection after its handshake: a read loop for responses, grants and
/// heartbeats, a dispatch loop that pulls the next batch from the model version's queue when the
/// container has granted one and the previous one has been answered, and a heartbeat timer. At most
/// one batch is outstanding.
/// </summary>
internal sealed partial class ReplicaConnection : IReplica
{
    private readonly ConnectionContext _connection;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ModelVersionRuntime _runtime;
    private readonly QueryFrontendOptions _options;
    private readonly FrontendMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly BatchAnsweredSignal _batchAnswered = new();
    private readonly Query?[] _dequeued;
    private readonly Query?[] _batch;
    private readonly ReadOnlyMemory<byte>[] _inputs;

    // What a batch frame's trace context may add (version 3): counted whether or not the batch is traced.
    private readonly long _traceContextBytes;
    private volatile bool _draining;
    private volatile string? _goodbyeReason;
    private int _batchCount;
    private long _batchStarted;
    private ulong _nextBatchId;
    private long _outstandingBatchId = -1;
    private long _lastReceived;
    private long _lastSent;
    private long _batchGiveUpAt;

    // The batch in flight's span (tracing only): set by the dispatch loop before the batch id is published, ended by
    // whoever ends the batch.
    private System.Diagnostics.Activity? _batchSpan;

    // Written by the read loop only.
    private long _answered;

    public ReplicaConnection(
        ConnectionContext connection,
        HelloMessage hello,
        int replicaId,
        ModelVersionRuntime runtime,
        QueryFrontendOptions options,
        FrontendMetrics metrics,
        ILogger logger)
    {
        _connection = connection;
        _input = connection.Transport.Input;
        _output = connection.Transport.Output;
        _runtime = runtime;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = options.TimeProvider;
        Hello = hello;
        ReplicaId = replicaId;
        _traceContextBytes = hello.ProtocolVersion >= ProtocolConstants.TracingVersion
            ? BatchRequestWriter.GetTraceContextLength(ProtocolConstants.TraceParentLength)
            : 0;
        var capacity = options.Batching.MaxBatchSize;
        _dequeued = new Query?[capacity];
        _batch = new Query?[capacity];
        _inputs = new ReadOnlyMemory<byte>[capacity];
        _lastReceived = _lastSent = _time.GetTimestamp();
    }

    public HelloMessage Hello { get; }

    /// <summary>Called on the read loop when the container says goodbye (it drains); must not block.</summary>
    public Action<ReplicaConnection>? OnDraining { get; init; }

    public int ReplicaId { get; }

    public string ContainerId => Hello.ContainerId;

    public InputType InputType => Hello.InputType;

    public bool IsAcceptingBatches => !_draining;

    public long AnsweredCount => Volatile.Read(ref _answered);

    /// <summary>The remote address of the container, for the replica record.</summary>
    public string RemoteAddress => _connection.RemoteEndPoint?.ToString() ?? "unknown";

    /// <summary>Serves the connection until it closes, the container leaves, or <paramref name="leave"/> fires.</summary>
    /// <param name="leave">Fires when the frontend is done with its replicas (it is stopping and has answered every request): the frontend then says goodbye.</param>
    public async Task RunAsync(CancellationToken leave)
    {
        var link = leave.Register(static state => ((ReplicaConnection)state!).Leave("the query frontend is stopping"), this);
        var heartbeat = _time.CreateTimer(static state => ((ReplicaConnection)state!).OnHeartbeatTimer(), this, _options.HeartbeatInterval, _options.HeartbeatInterval);
        var dispatch = Task.Run(DispatchLoopAsync);
        Exception? failure = null;
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or OperationCanceledException or ObjectDisposedException)
        {
            failure = ex;
        }
        finally
        {
            // Disposing waits for a running callback, so no heartbeat writes while the output completes.
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await link.DisposeAsync().ConfigureAwait(false);
            Stop();
            await dispatch.ConfigureAwait(false);
            RecoverOutstandingBatch();
            if (_goodbyeReason is { } reason)
            {
                await SayGoodbyeAsync(reason).ConfigureAwait(false);
            }

            await _input.CompleteAsync(failure).ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the connection and tells the container why, so that it reconnects knowingly.</summary>
    public void Leave(string reason)
    {
        _goodbyeReason ??= reason;
        Stop();
    }

    /// <summary>Ends the loops; the connection closes once they have.</summary>
    public void Stop()
    {
        _draining = true;
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        CancelDequeue();
        _input.CancelPendingRead();
        _output.CancelPendingFlush();
    }

    /// <summary>
    /// Sends the queries of a batch that will never be answered back to the queue while their
    /// deadline allows and another replica can take them; answers the rest with the default output.
    /// </summary>
    private void RecoverOutstandingBatch()
    {
        var count = _batchCount;
        _batchCount = 0;
        Interlocked.Exchange(ref _outstandingBatchId, -1);
        FrontendTracing.FailBatch(Interlocked.Exchange(ref _batchSpan, null), "the replica was lost before it answered");

        // An answer cut off midway has answered (and cleared) part of the batch already.
        var requeued = _runtime.RecoverBatch(this, _batch.AsSpan(0, count), _time.GetTimestamp(), out var canRetry);
        if (requeued > 0)
        {
            _metrics.QueriesRequeued(requeued);
        }

        if (count > 0)
        {
            Log.BatchRecovered(_logger, _runtime.Key.ToString(), ReplicaId, count, canRetry);
        }
    }
}
