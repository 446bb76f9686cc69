using System.IO.Pipelines;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// One Clipper model container after its metadata: a replica like ours, batched from its model version's queue
/// with the version's batch-size policy and one batch outstanding (as Clipper's scheduler), its in-flight queries
/// re-queued when it disappears. A read loop for answers and heartbeats, a dispatch loop that pulls the next batch
/// once the previous one is answered, and a timer that drops a silent container. Clipper's containers have no
/// capacity protocol and connect to one frontend: there is no grant to wait for.
/// </summary>
internal sealed partial class ClipperReplicaConnection : IReplica
{
    private readonly ConnectionContext _connection;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ModelVersionRuntime _runtime;
    private readonly QueryFrontendOptions _options;
    private readonly FrontendMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly byte _peerMinorVersion;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _batchAnswered = new(0, 1);
    private readonly Query?[] _dequeued;
    private readonly Query?[] _batch;
    private readonly ReadOnlyMemory<byte>[] _inputs;
    private readonly ClipperMessageReader _reader;
    private volatile bool _draining;
    private int _batchCount;
    private long _batchStarted;
    private uint _nextMessageId;
    private long _outstandingMessageId = -1;
    private long _lastReceived;
    private long _latestDeadline;

    // Written by the read loop only.
    private long _answered;
    private bool _countMismatch;

    public ClipperReplicaConnection(
        ConnectionContext connection,
        ClipperContainerMetadata metadata,
        byte peerMinorVersion,
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
        _peerMinorVersion = peerMinorVersion;
        Metadata = metadata;
        ReplicaId = replicaId;
        InputType = runtime.InputType;
        var capacity = options.Batching.MaxBatchSize;
        _dequeued = new Query?[capacity];
        _batch = new Query?[capacity];
        _inputs = new ReadOnlyMemory<byte>[capacity];
        _reader = new ClipperMessageReader(capacity);
        _lastReceived = _time.GetTimestamp();
        ContainerId = $"clipper-zmq:{connection.RemoteEndPoint}";
    }

    public ClipperContainerMetadata Metadata { get; }

    public int ReplicaId { get; }

    /// <summary>Clipper's containers name no id of their own: the connection's remote address stands for one.</summary>
    public string ContainerId { get; }

    public InputType InputType { get; }

    public string Protocol => ReplicaProtocols.ClipperZmq;

    public bool IsAcceptingBatches => !_draining;

    public long AnsweredCount => Volatile.Read(ref _answered);

    private string RemoteAddress => _connection.RemoteEndPoint?.ToString() ?? "unknown";

    /// <summary>Serves the connection until it closes, breaks the protocol, falls silent, or <paramref name="leave"/> fires.</summary>
    public async Task RunAsync(CancellationToken leave)
    {
        var link = leave.Register(static state => ((ClipperReplicaConnection)state!).Stop(), this);
        var period = _options.ClipperContainerTimeout / 5;
        var timer = _time.CreateTimer(static state => ((ClipperReplicaConnection)state!).OnTimer(), this, period, period);
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
            await timer.DisposeAsync().ConfigureAwait(false);
            await link.DisposeAsync().ConfigureAwait(false);
            Stop();
            await dispatch.ConfigureAwait(false);
            RecoverOutstandingBatch();
            await _input.CompleteAsync(failure).ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the loops; the connection closes once they have. Clipper's RPC has no goodbye: the container reconnects.</summary>
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

        _input.CancelPendingRead();
        _output.CancelPendingFlush();
    }

    /// <summary>
    /// Sends the queries of a batch that will never be answered back to the queue while their deadline allows and
    /// another replica can take them; answers the rest with the default output. Clipper's own frontend let them wait
    /// for their objective instead.
    /// </summary>
    private void RecoverOutstandingBatch()
    {
        var count = _batchCount;
        _batchCount = 0;
        Interlocked.Exchange(ref _outstandingMessageId, -1);

        // An answer cut off midway has answered (and cleared) part of the batch already.
        var requeued = _runtime.RecoverBatch(this, _batch.AsSpan(0, count), _time.GetTimestamp(), out var canRetry);
        if (requeued > 0)
        {
            _metrics.QueriesRequeued(requeued);
        }

        if (count > 0)
        {
            ClipperLog.BatchRecovered(_logger, _runtime.Key.ToString(), ReplicaId, count, canRetry);
        }
    }
}
