using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Rpc;
using Clipper.QueryFrontend.Zmtp;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// Serves Clipper's container RPC on the RPC port: a connection whose first byte is a ZMTP greeting's 0xFF. Runs the
/// ZMTP handshake, answers heartbeats with "send your metadata" until the metadata arrives, checks it (RPC version 3,
/// names, the input type against the model's), then serves the container as a replica until it leaves. A refused
/// container is logged, counted and named in status, and held without work (as Clipper ignored it) until it goes quiet.
/// </summary>
internal sealed partial class ClipperContainerHandler : IAlternateRpcProtocol
{
    private readonly ModelRegistry _models;
    private readonly IReplicaDirectory _directory;
    private readonly ReplicaIdAllocator _replicaIds;
    private readonly QueryFrontendOptions _options;
    private readonly FrontendMetrics _metrics;
    private readonly RefusedContainers _refused;
    private readonly HttpConnectionGauge _httpConnections;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ClipperNetworks _allowed;
    private readonly ReconnectCounter _reconnects;

    public ClipperContainerHandler(ModelRegistry models, IReplicaDirectory directory, ReplicaIdAllocator replicaIds, QueryFrontendOptions options, FrontendMetrics metrics, RefusedContainers refused, HttpConnectionGauge httpConnections, ILogger<ClipperContainerHandler> logger, IHostApplicationLifetime lifetime, ReconnectCounter? reconnects = null)
    {
        _reconnects = reconnects ?? new ReconnectCounter();
        _models = models;
        _directory = directory;
        _replicaIds = replicaIds;
        _options = options;
        _metrics = metrics;
        _refused = refused;
        _httpConnections = httpConnections;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        _allowed = ClipperNetworks.Create(options.ClipperContainerNetworks);
        ClipperLog.AllowedNetworks(_logger, _allowed.Describe());
    }

    public bool Recognizes(byte firstByte) => firstByte == ZmtpGreeting.SignatureStart;

    public async Task ServeAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "unknown";
        if (!_allowed.Allows(connection.RemoteEndPoint))
        {
            // Checked before a byte is answered: Clipper's containers carry no credential, so where they come from is
            // the whole check.
            var reason = $"Clipper containers are accepted from {_allowed.Describe()} (option ClipperContainerNetworks, flag --clipper-networks)";
            ClipperLog.AddressRefused(_logger, remote, reason);
            _metrics.JoinRefused();
            _refused.Record(ReplicaProtocols.ClipperZmq, remote, "", reason);
            return;
        }

        var handshake = await ZmtpHandshake.RunAsync(connection.Transport.Input, connection.Transport.Output, _options.HandshakeTimeout, _options.TimeProvider, _stopping).ConfigureAwait(false);
        if (!handshake.Succeeded)
        {
            Refuse(remote, "", handshake.Refusal!);
            return;
        }

        var reader = new ClipperMessageReader(1);
        var pending = new PendingContainer();
        var ended = await ReadPendingAsync(connection, reader, pending, handshake.MinorVersion).ConfigureAwait(false);
        if (pending.Metadata is not { } metadata)
        {
            Refuse(remote, "", ended ?? "the connection closed before the container sent its metadata");
            return;
        }

        var (runtime, refusal) = Admit(metadata);
        if (runtime is null)
        {
            Refuse(remote, $"{metadata.ModelName}:{metadata.ModelVersion}", refusal!);
            pending.Refuse();
            ended = await ReadPendingAsync(connection, reader, pending, handshake.MinorVersion).ConfigureAwait(false);
            ClipperLog.RefusedClosed(_logger, remote, ended ?? "the container closed the connection");
            return;
        }

        await ServeReplicaAsync(connection, metadata, handshake.MinorVersion, runtime, remote).ConfigureAwait(false);
    }

    /// <summary>Checks the metadata; returns the runtime to serve, or why the container is refused.</summary>
    private (ModelVersionRuntime? Runtime, string? Refusal) Admit(ClipperContainerMetadata metadata)
    {
        if (metadata.RpcVersion is not { } version)
        {
            return (null, $"the container sent no RPC version (Clipper before 0.4); this frontend speaks Clipper's container RPC version {ClipperProtocol.RpcVersion}");
        }

        if (version != ClipperProtocol.RpcVersion)
        {
            return (null, $"the container speaks Clipper's container RPC version {version}; this frontend speaks version {ClipperProtocol.RpcVersion}");
        }

        if (!ModelNames.IsValid(metadata.ModelName) || !ModelNames.IsValid(metadata.ModelVersion))
        {
            var (field, value) = ModelNames.IsValid(metadata.ModelName) ? ("model version", metadata.ModelVersion) : ("model name", metadata.ModelName);
            return (null, $"the container's {field} '{value}' is not {ModelNames.Rule}");
        }

        if (!ClipperInputTypes.TryParse(metadata.InputType, out var inputType, out var inputError))
        {
            return (null, inputError);
        }

        var key = new ModelVersionId(metadata.ModelName, metadata.ModelVersion);
        var runtime = _models.GetOrAdd(key, inputType);
        return runtime.InputType == inputType
            ? (runtime, null)
            : (null, $"model version {key} takes {runtime.InputType.ToName()} inputs; the container serves {inputType.ToName()} (Clipper code {metadata.InputType})");
    }

    private async Task ServeReplicaAsync(ConnectionContext connection, ClipperContainerMetadata metadata, byte minorVersion, ModelVersionRuntime runtime, string remote)
    {
        var key = runtime.Key;
        var replicaId = await _replicaIds.AllocateAsync(key, runtime).ConfigureAwait(false);
        var replica = new ClipperReplicaConnection(connection, metadata, minorVersion, replicaId, runtime, _options, _metrics, _logger);
        runtime.AddReplica(replica);
        // Clipper's containers are known by address and port (their protocol carries no id): each connection counts as new.
        var reconnects = _reconnects.Connected(replica.ContainerId, out var returned);
        _directory.Add(key, replica, remote, reconnects);
        _metrics.ReplicaConnected(key, returned);
        ClipperLog.ReplicaConnected(_logger, key.ToString(), replicaId, remote, minorVersion, runtime.Settings is null ? " and held until the version is registered" : "");

        // As for our containers: a stopping frontend keeps its replicas until the last HTTP connection has closed.
        using var leave = new CancellationTokenSource();
        var closeRequestedToken = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? _stopping;
        using var closeRequested = closeRequestedToken.Register(
            static state => _ = LeaveWhenHttpIdleAsync((ValueTuple<HttpConnectionGauge, CancellationTokenSource>)state!),
            (_httpConnections, leave));
        try
        {
            await replica.RunAsync(leave.Token).ConfigureAwait(false);
        }
        finally
        {
            runtime.RemoveReplica(replica);
            _directory.Remove(key, replica);
            _reconnects.Disconnected(replica.ContainerId);
            ClipperLog.ReplicaDisconnected(_logger, key.ToString(), replicaId);
        }
    }

    private static async Task LeaveWhenHttpIdleAsync((HttpConnectionGauge Gauge, CancellationTokenSource Leave) state)
    {
        await state.Gauge.WhenIdleAsync().ConfigureAwait(false);
        try
        {
            await state.Leave.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The replica left on its own meanwhile.
        }
    }

    private void Refuse(string remote, string model, string reason)
    {
        ClipperLog.Refused(_logger, remote, model.Length > 0 ? " for " + model : "", reason);
        _metrics.ProtocolError();
        _refused.Record(ReplicaProtocols.ClipperZmq, remote, model, reason);
    }
}
