using System.Buffers;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Membership;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// Kestrel's handler for the RPC port: reads the container's hello, answers welcome, records the
/// replica and serves it until it leaves.
/// </summary>
internal sealed class RpcConnectionHandler : ConnectionHandler
{
    private readonly ModelRegistry _models;
    private readonly IReplicaDirectory _directory;
    private readonly QueryFrontendOptions _options;
    private readonly FrontendMetrics _metrics;
    private readonly HttpConnectionGauge _httpConnections;
    private readonly IFrontendMembership _membership;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ReplicaIdAllocator _replicaIds;
    private readonly IAlternateRpcProtocol? _alternate;
    private readonly RefusedContainers? _refused;
    private readonly JoinPolicy _join;
    private readonly ReconnectCounter _reconnects;

    public RpcConnectionHandler(ModelRegistry models, IReplicaDirectory directory, IConfigurationStore store, QueryFrontendOptions options, FrontendMetrics metrics, HttpConnectionGauge httpConnections, IFrontendMembership membership, ILogger<RpcConnectionHandler> logger, IHostApplicationLifetime lifetime, IAlternateRpcProtocol? alternate = null, RefusedContainers? refused = null, ReconnectCounter? reconnects = null)
    {
        _reconnects = reconnects ?? new ReconnectCounter();
        _models = models;
        _directory = directory;
        _replicaIds = new ReplicaIdAllocator(store, options, lifetime);
        _alternate = alternate;
        _refused = refused;
        _options = options;
        _metrics = metrics;
        _httpConnections = httpConnections;
        _membership = membership;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        _join = new JoinPolicy(options.JoinToken);
        Log.JoinPolicy(logger, _join.Describe());
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "unknown";
        if (_alternate is not null && await RpcPeer.PeekFirstByteAsync(connection, _options, _stopping).ConfigureAwait(false) is { } first && _alternate.Recognizes(first))
        {
            await _alternate.ServeAsync(connection).ConfigureAwait(false);
            return;
        }

        var (hello, refusal) = await ReadHelloAsync(connection).ConfigureAwait(false);
        if (hello is null)
        {
            Log.HandshakeRefused(_logger, remote, refusal!);
            _metrics.ProtocolError();
            _refused?.Record(ReplicaProtocols.ModelRpc, remote, "", refusal!);
            await RefuseAsync(connection, refusal!).ConfigureAwait(false);
            return;
        }

        var key = hello.Model;
        if (_join.Refusal(hello, connection.RemoteEndPoint) is { } denied)
        {
            // Checked before the model is looked up: a refused peer leaves no trace in the registry.
            Log.JoinRefused(_logger, remote, key.ToString(), hello.ContainerId, denied);
            _metrics.JoinRefused();
            _refused?.Record(ReplicaProtocols.ModelRpc, remote, key.ToString(), denied);
            await RefuseAsync(connection, denied).ConfigureAwait(false);
            return;
        }

        var runtime = _models.GetOrAdd(key, hello.InputType);
        if (runtime.InputType != hello.InputType)
        {
            var reason = $"model version {key} takes {runtime.InputType.ToName()} inputs; the container serves {hello.InputType.ToName()}";
            Log.HandshakeRefused(_logger, remote, reason);
            _refused?.Record(ReplicaProtocols.ModelRpc, remote, key.ToString(), reason);
            await RefuseAsync(connection, reason).ConfigureAwait(false);
            return;
        }

        var replicaId = await _replicaIds.AllocateAsync(key, runtime).ConfigureAwait(false);
        var replica = new ReplicaConnection(connection, hello, replicaId, runtime, _options, _metrics, _logger) { OnDraining = r => _directory.MarkDraining(key, r) };
        var output = connection.Transport.Output;

        // Answered in the container's own version, so a version 2 container sees nothing new.
        MessageCodec.WriteWelcome(output, new WelcomeMessage(hello.ProtocolVersion, replica.ReplicaId, (int)_options.HeartbeatInterval.TotalMilliseconds, _options.EffectiveFrontendId));

        // Sent with the welcome so the container learns the other frontends at once, then pushed on
        // every change. Empty only in the moment between binding and the first snapshot.
        var sent = _membership.Current;
        if (sent.Members.Count > 0)
        {
            MessageCodec.WriteMembership(output, sent.Message);
        }

        var flushed = await output.FlushAsync().ConfigureAwait(false);
        if (flushed.IsCompleted)
        {
            return;
        }

        Action<MembershipSnapshot> onMembership = snapshot => _ = replica.PushMembershipAsync(snapshot.Message);
        _membership.Changed += onMembership;
        if (!ReferenceEquals(sent, _membership.Current) && _membership.Current.Members.Count > 0)
        {
            // Changed between the welcome and the subscription.
            _ = replica.PushMembershipAsync(_membership.Current.Message);
        }

        runtime.AddReplica(replica);
        var reconnects = _reconnects.Connected(replica.ContainerId, out var returned);
        _directory.Add(key, replica, remote, reconnects);
        _metrics.ReplicaConnected(key, returned);
        Log.ReplicaConnected(_logger, key.ToString(), replica.ReplicaId, remote, hello.ContainerId, runtime.Settings is null ? " and held until the version is registered" : "");
        // The server asks every connection to close when it stops, after it has stopped listening.
        // Prediction requests still open need this replica to be answered: it leaves only once the
        // last HTTP connection has closed.
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
            _membership.Changed -= onMembership;
            runtime.RemoveReplica(replica);
            _directory.Remove(key, replica);
            _reconnects.Disconnected(replica.ContainerId);
            Log.ReplicaDisconnected(_logger, key.ToString(), replica.ReplicaId);
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

    // A valid hello is well under 1 KiB (names of at most 63 bytes, a container id of at most 255):
    // an unauthenticated peer must not make the frontend buffer megabytes before it is known.
    private const int MaxHelloFrameBytes = 4096;

    private async Task<(HelloMessage? Hello, string? Refusal)> ReadHelloAsync(ConnectionContext connection)
    {
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        var input = connection.Transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stopping.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var status = FrameReader.TryReadFrame(ref buffer, Math.Min(MaxHelloFrameBytes, _options.MaxFrameBytes), out var frame);
                if (status == FrameReadResult.Complete)
                {
                    string? refusal;
                    HelloMessage? hello = null;
                    if (frame.Type != MessageType.Hello)
                    {
                        refusal = $"the first frame must be Hello; got {frame.Type}";
                    }
                    else if (!MessageCodec.TryReadHello(frame.Body, out hello, out refusal))
                    {
                        // The codec checks the protocol version, the names and the input type.
                        refusal = "malformed Hello: " + refusal;
                    }

                    input.AdvanceTo(buffer.Start);
                    return refusal is null ? (hello, null) : (null, refusal);
                }

                if (status == FrameReadResult.Invalid)
                {
                    input.AdvanceTo(buffer.Start);
                    return (null, frame.Error);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return (null, "the connection closed before a complete Hello frame arrived");
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (null, _stopping.IsCancellationRequested
                ? "the frontend is stopping"
                : $"no Hello within the handshake timeout ({_options.HandshakeTimeout.TotalSeconds:0.#} s, option HandshakeTimeout)");
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException)
        {
            return (null, "the connection failed during the handshake: " + ex.Message);
        }
    }

    private static async Task RefuseAsync(ConnectionContext connection, string reason)
    {
        try
        {
            MessageCodec.WriteGoodbye(connection.Transport.Output, new GoodbyeMessage(reason));
            await connection.Transport.Output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException)
        {
            // The container is already gone; nothing more to tell it.
        }
    }
}
