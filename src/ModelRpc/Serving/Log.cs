using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Serving;

/// <summary>The container library's log events. Event ids are stable: alerts and dashboards may match on them.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting to the query frontend at {Host}:{Port}")]
    public static partial void Connecting(ILogger logger, string host, int port);

    [LoggerMessage(2, LogLevel.Information, "Could not connect to the query frontend at {Host}:{Port} (attempt {Attempt}): {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, int attempt, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Reconnecting in {DelayMs} ms")]
    public static partial void ReconnectScheduled(ILogger logger, long delayMs);

    [LoggerMessage(4, LogLevel.Information, "Connected to the query frontend at {Endpoint} over {Transport}; sent Hello for model {ModelName}:{ModelVersion} ({InputType}) as container {ContainerId}")]
    public static partial void Connected(ILogger logger, string? endpoint, string transport, string modelName, string modelVersion, string inputType, string containerId);

    [LoggerMessage(5, LogLevel.Information, "Welcomed by frontend {FrontendId} as replica {ReplicaId} with a heartbeat interval of {HeartbeatIntervalMs} ms; ready")]
    public static partial void Welcomed(ILogger logger, string frontendId, int replicaId, int heartbeatIntervalMs);

    [LoggerMessage(6, LogLevel.Error, "The query frontend refused the hello: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Warning, "No Welcome within {TimeoutMs} ms of the Hello; reconnecting")]
    public static partial void HandshakeTimedOut(ILogger logger, long timeoutMs);

    [LoggerMessage(8, LogLevel.Information, "The query frontend said goodbye: {Reason}; reconnecting")]
    public static partial void GoodbyeReceived(ILogger logger, string reason);

    [LoggerMessage(9, LogLevel.Error, "Protocol error from the query frontend, closing the connection: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Heard nothing from the query frontend for {SilenceMs} ms ({Intervals} heartbeat intervals); reconnecting")]
    public static partial void HeartbeatTimedOut(ILogger logger, long silenceMs, int intervals);

    [LoggerMessage(11, LogLevel.Information, "The query frontend closed the connection; reconnecting")]
    public static partial void ClosedByFrontend(ILogger logger);

    [LoggerMessage(12, LogLevel.Warning, "Lost the connection to the query frontend; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, Exception? exception);

    [LoggerMessage(13, LogLevel.Error, "Batch {BatchId} of {Count} inputs failed: {Reason}")]
    public static partial void PredictFailed(ILogger logger, ulong batchId, int count, string reason, Exception? exception);

    [LoggerMessage(14, LogLevel.Warning, "Batch {BatchId} of {Count} inputs rejected: {Reason}")]
    public static partial void BatchRejected(ILogger logger, ulong batchId, int count, string reason);

    [LoggerMessage(15, LogLevel.Warning, "Ignored a batch that arrived after draining began; the frontend re-queues it when the connection closes")]
    public static partial void BatchIgnoredWhileDraining(ILogger logger);

    [LoggerMessage(16, LogLevel.Information, "Draining ({Reason}): sent Goodbye, finishing the batch in flight")]
    public static partial void DrainStarted(ILogger logger, string reason);

    [LoggerMessage(17, LogLevel.Information, "Drained: every batch in flight was answered; connection closed")]
    public static partial void Drained(ILogger logger);

    [LoggerMessage(18, LogLevel.Warning, "Drain timed out after {TimeoutMs} ms with batches still in flight; closing anyway (DrainTimeout)")]
    public static partial void DrainTimedOut(ILogger logger, long timeoutMs);

    [LoggerMessage(19, LogLevel.Error, "Could not {Action} the ready file {Path}")]
    public static partial void ReadyFileFailed(ILogger logger, string action, string path, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Model container stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(21, LogLevel.Debug, "Not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string reason);

    [LoggerMessage(22, LogLevel.Critical, "Unexpected error in the model container's connection; reconnecting")]
    public static partial void UnexpectedError(ILogger logger, Exception exception);

    [LoggerMessage(23, LogLevel.Debug, "Frontend {FrontendId} already has a connection from this container; closing the new one")]
    public static partial void LeftDuplicate(ILogger logger, string frontendId);

    [LoggerMessage(24, LogLevel.Information, "Live frontends: {Count}, of which this container serves {Chosen} (max_frontends_per_replica {Cap})")]
    public static partial void MembershipReceived(ILogger logger, int count, int chosen, int cap);

    [LoggerMessage(25, LogLevel.Trace, "Capacity: {Event} on the connection to {FrontendId}")]
    public static partial void Capacity(ILogger logger, string @event, string? frontendId);

    [LoggerMessage(26, LogLevel.Error, "Could not connect to the query frontend at {Host}:{Port} over TLS (attempt {Attempt}): {Reason}")]
    public static partial void TlsFailed(ILogger logger, string host, int port, int attempt, string reason);
}
