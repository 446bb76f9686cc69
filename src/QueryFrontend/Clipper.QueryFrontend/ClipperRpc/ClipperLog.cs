using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>The log of Clipper's container RPC (event ids 420 to 439).</summary>
internal static partial class ClipperLog
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Clipper container {ReplicaId} of {Model} connected from {Remote} (ZMTP 3.{Minor}, Clipper RPC version 3){Held}")]
    public static partial void ReplicaConnected(ILogger logger, string model, int replicaId, string remote, int minor, string held);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "Clipper container {ReplicaId} of {Model} disconnected")]
    public static partial void ReplicaDisconnected(ILogger logger, string model, int replicaId);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "Closing the connection of Clipper container {ReplicaId} of {Model} from {Remote}: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string model, int replicaId, string remote, string reason);

    [LoggerMessage(EventId = 423, Level = LogLevel.Warning, Message = "Refused a Clipper container from {Remote}{Model}: {Reason}")]
    public static partial void Refused(ILogger logger, string remote, string model, string reason);

    [LoggerMessage(EventId = 424, Level = LogLevel.Warning, Message = "Dropping Clipper container {ReplicaId} of {Model} from {Remote}: nothing heard for {SilentMs} ms (option ClipperContainerTimeout)")]
    public static partial void ContainerSilent(ILogger logger, string model, int replicaId, string remote, long silentMs);

    [LoggerMessage(EventId = 425, Level = LogLevel.Warning, Message = "Clipper container {ReplicaId} of {Model} left with {Count} queries in flight (re-queued: {Requeued})")]
    public static partial void BatchRecovered(ILogger logger, string model, int replicaId, int count, bool requeued);

    [LoggerMessage(EventId = 426, Level = LogLevel.Error, Message = "The dispatch loop of Clipper container {ReplicaId} of {Model} failed; closing its connection")]
    public static partial void DispatchFailed(ILogger logger, string model, int replicaId, Exception exception);

    [LoggerMessage(EventId = 427, Level = LogLevel.Warning, Message = "Clipper container {ReplicaId} of {Model} answered a batch of {Count} inputs with another number of outputs; the batch got the default output")]
    public static partial void OutputCountMismatch(ILogger logger, string model, int replicaId, int count);

    [LoggerMessage(EventId = 428, Level = LogLevel.Information, Message = "Closing Clipper container {ReplicaId} of {Model}: the version was removed from the configuration")]
    public static partial void VersionRemoved(ILogger logger, string model, int replicaId);

    [LoggerMessage(EventId = 429, Level = LogLevel.Information, Message = "Closing the refused Clipper container from {Remote}: {Reason}")]
    public static partial void RefusedClosed(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 430, Level = LogLevel.Information, Message = "Clipper containers (ZeroMQ, no join token) are accepted from {Allowed}")]
    public static partial void AllowedNetworks(ILogger logger, string allowed);

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Refused a Clipper container connecting from {Remote}: {Reason}")]
    public static partial void AddressRefused(ILogger logger, string remote, string reason);
}
