using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Rpc;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Replica {ReplicaId} of {Model} connected from {Remote} (container {ContainerId}){Held}")]
    public static partial void ReplicaConnected(ILogger logger, string model, int replicaId, string remote, string containerId, string held);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Replica {ReplicaId} of {Model} disconnected")]
    public static partial void ReplicaDisconnected(ILogger logger, string model, int replicaId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Closing the connection of replica {ReplicaId} of {Model} from {Remote}: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string model, int replicaId, string remote, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Refused a container from {Remote}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 125, Level = LogLevel.Warning, Message = "Refused container {ContainerId} of {Model} from {Remote}: {Reason}")]
    public static partial void JoinRefused(ILogger logger, string remote, string model, string containerId, string reason);

    [LoggerMessage(EventId = 126, Level = LogLevel.Information, Message = "Model containers: {Policy}")]
    public static partial void JoinPolicy(ILogger logger, string policy);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Replica {ReplicaId} of {Model} is draining: {Reason}")]
    public static partial void ReplicaDraining(ILogger logger, string model, int replicaId, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Dropping replica {ReplicaId} of {Model}: nothing heard for {SilentMs} ms")]
    public static partial void ReplicaSilent(ILogger logger, string model, int replicaId, long silentMs);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Replica {ReplicaId} of {Model} left with {Count} queries in flight (re-queued: {Requeued})")]
    public static partial void BatchRecovered(ILogger logger, string model, int replicaId, int count, bool requeued);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Could not record replica {ReplicaId} of {Model} in Redis; will retry: {Reason}")]
    public static partial void ReplicaRecordFailed(ILogger logger, string model, int replicaId, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "The dispatch loop of replica {ReplicaId} of {Model} failed; closing its connection")]
    public static partial void DispatchFailed(ILogger logger, string model, int replicaId, Exception exception);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Dropping replica {ReplicaId} of {Model}: its batch is unanswered after {ElapsedMs} ms, past every deadline in it (is the predict function stuck?)")]
    public static partial void BatchAbandoned(ILogger logger, string model, int replicaId, long elapsedMs);

    [LoggerMessage(EventId = 110, Level = LogLevel.Trace, Message = "Replica {ReplicaId} of {Model}: {Event}")]
    public static partial void Capacity(ILogger logger, string model, int replicaId, string @event);
}
