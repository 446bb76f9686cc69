using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// Settings of a <see cref="ModelContainer{TInput}"/>. Build one with <see cref="FromEnvironment"/>
/// to read Clipper's <c>CLIPPER_*</c> variables, or set the properties directly; the container
/// copies and validates it when created.
/// </summary>
public sealed partial class ModelContainerOptions
{
    /// <summary>The model name, a DNS-1123 label (see <see cref="ModelNames"/>). Required.</summary>
    public string ModelName { get; set; } = "";

    /// <summary>The model version, a DNS-1123 label. Required.</summary>
    public string ModelVersion { get; set; } = "";

    /// <summary>The type of every input. Default <see cref="Protocol.InputType.Doubles"/>, as in Clipper's containers.</summary>
    public InputType InputType { get; set; } = InputType.Doubles;

    /// <summary>
    /// The query frontend the container reaches first (any one frontend of the cluster, or a service in
    /// front of them); it learns the others from it. Default <c>localhost</c>, Clipper's <c>CLIPPER_IP</c> default.
    /// </summary>
    public string FrontendHost { get; set; } = "localhost";

    /// <summary>The query frontend's RPC port. Default 7000.</summary>
    public int FrontendPort { get; set; } = ProtocolConstants.DefaultPort;

    /// <summary>
    /// An id unique per container, sent in Hello. Default the host name and process id (<c>CLIPPER_CONTAINER_ID</c> in
    /// <see cref="FromEnvironment"/>). Frontends count the connections of each id: an id that stays the same across
    /// restarts makes a restart show as a reconnect of the same container.
    /// </summary>
    public string ContainerId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;

    /// <summary>
    /// The most batches predicted at once, across every frontend the container serves. Default 1:
    /// the predict function is never called concurrently, so it need not be thread-safe. Each
    /// frontend connection holds at most one batch at a time, so more than one only helps when the
    /// container serves several frontends.
    /// </summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// The largest frame accepted from the frontend, and the largest response sent (a batch whose
    /// outputs exceed it is answered with errors). Keep it equal on both ends. Default 64 MiB; at least 1 KiB.
    /// </summary>
    public int MaxFrameBytes { get; set; } = ProtocolConstants.DefaultMaxFrameBytes;

    /// <summary>The first delay before reconnecting; doubled after each failed attempt, with jitter. Default 100 ms.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between reconnection attempts. Default 5 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one connection attempt may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The heartbeat interval used until the frontend's Welcome sets it: the handshake fails after
    /// three such intervals without a Welcome. Default 1 s.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(ProtocolConstants.DefaultHeartbeatIntervalMs);

    /// <summary>
    /// A file created while the container is connected and welcomed, and deleted when it is not
    /// (disconnected, draining or stopped), for health checks. Clipper used <c>/model_is_ready.check</c>.
    /// Default <see langword="null"/>: no file.
    /// </summary>
    public string? ReadyFilePath { get; set; }

    /// <summary>
    /// The cluster's join token, sent in Hello: a frontend that has one refuses containers without it. Default
    /// <see langword="null"/> (accepted only by frontends without a token, from loopback).
    /// </summary>
    public ClusterToken? JoinToken { get; set; }

    /// <summary>How long a drain waits for in-flight batches before closing anyway. Default 30 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for heartbeats, timeouts and backoff. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where logs go. Default <see cref="NullLoggerFactory.Instance"/>: nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>The source of reconnection jitter. Default <see cref="System.Random.Shared"/>.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>A copy, so that later changes by the caller do not reach a running container.</summary>
    internal ModelContainerOptions Clone() => (ModelContainerOptions)MemberwiseClone();
}
