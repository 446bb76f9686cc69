using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Clipper.ModelRpc.Protocol;
using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// One connection to a query frontend, from Hello to close. Three loops share it: the read
/// loop parses frames and queues batches, the worker runs the predict function one batch at a
/// time, and the write loop sends everything queued on the outgoing channel with one flush per
/// drain of the channel. Whichever part first sees the end reports it through <see cref="Finish"/>.
/// The container's <see cref="CapacityScheduler"/> decides when the frontend may send a batch.
/// </summary>
internal sealed partial class ContainerConnection<TInput> : ICapacityClient
{
    // Bounded so that a frontend pipelining far more batches than the model can handle is slowed
    // by TCP flow control instead of growing this queue without limit.
    private const int WorkQueueCapacity = 16;

    private readonly ModelContainer<TInput> _owner;
    private readonly ModelContainerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly Channel<DecodedBatch<TInput>> _work;
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationToken _abortedToken;
    private readonly TaskCompletionSource<ConnectionOutcome> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CapacitySlot? _slot;

    // The version the frontend welcomed this connection with: it decides the shape of the batch frames.
    private int _protocolVersion = ProtocolConstants.Version;

    public ContainerConnection(ModelContainer<TInput> owner, FrontendTransport transport)
    {
        _owner = owner;
        _socket = transport.Socket;
        _options = owner.Options;
        _logger = owner.Logger;
        _time = _options.TimeProvider;
        _abortedToken = _aborted.Token;
        _stream = transport.Stream;
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _outgoing = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
        _work = Channel.CreateBounded<DecodedBatch<TInput>>(new BoundedChannelOptions(WorkQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Whether the frontend welcomed this connection: the frontend was healthy, so backoff starts over.</summary>
    public bool WasWelcomed { get; private set; }

    /// <summary>The id of the frontend that welcomed this connection; null before.</summary>
    public string? FrontendId { get; private set; }

    /// <summary>Runs the connection to its end and closes it.</summary>
    /// <param name="stopping">Cancelled to stop at once, without draining.</param>
    /// <param name="drainRequested">Cancelled to drain: Goodbye, answer the batches held, close.</param>
    /// <returns>Why the connection ended.</returns>
    public async Task<ConnectionOutcome> RunAsync(CancellationToken stopping, CancellationToken drainRequested)
    {
        CancellationTokenRegistration onStop = stopping.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _aborted);
        CancellationTokenRegistration onDrain = default;
        Task readLoop = Task.CompletedTask;
        Task writeLoop = Task.CompletedTask;
        Task workLoop = Task.CompletedTask;
        ConnectionOutcome outcome = ConnectionOutcome.Cancelled;
        try
        {
            (outcome, WelcomeMessage? welcome) = await HandshakeAsync(drainRequested).ConfigureAwait(false);
            if (welcome is null)
            {
                return outcome;
            }

            WasWelcomed = true;
            FrontendId = welcome.FrontendId;
            _protocolVersion = welcome.ProtocolVersion;
            if (!_owner.TryAddLive(this, welcome))
            {
                return await LeaveDuplicateAsync(welcome.FrontendId).ConfigureAwait(false);
            }

            StartHeartbeats(welcome);
            writeLoop = WriteLoopAsync();
            workLoop = WorkLoopAsync();
            _slot = _owner.Capacity.Register(this);
            readLoop = ReadLoopAsync();
            onDrain = drainRequested.UnsafeRegister(static s => ((ContainerConnection<TInput>)s!).BeginDrain(ProtocolConstants.DrainingReason), this);

            outcome = await _finished.Task.ConfigureAwait(false);
            if (outcome is ConnectionOutcome.Drained or ConnectionOutcome.LeftForOthers)
            {
                await LingerAsync(readLoop).ConfigureAwait(false);
            }

            return outcome;
        }
        finally
        {
            // Disposing the registrations waits for a callback already running, so no drain can
            // start (and create a timer) after the cleanup below.
            onDrain.Dispose();
            onStop.Dispose();
            _aborted.Cancel();
            StopTimers();
            await readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await writeLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // The predict call in progress must end before the next connection starts another,
            // because models need not be thread-safe. When stopping there is no next connection,
            // and a predict function that ignores cancellation must not hold up the shutdown.
            if (outcome is not (ConnectionOutcome.Cancelled or ConnectionOutcome.DrainTimedOut))
            {
                await workLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            ReleaseCapacity(workLoop.IsCompleted);
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Asks this connection to leave its frontend gracefully: Goodbye, finish the batch held, close.</summary>
    public void Leave(string reason) => BeginDrain(reason, leavingForOthers: true);

    /// <inheritdoc />
    void ICapacityClient.SendGrant(bool parked)
    {
        Log.Capacity(_logger, parked ? "parked grant" : "grant", FrontendId);
        _outgoing.Writer.TryWrite(parked ? OutgoingFrame.ParkedGrant : OutgoingFrame.Grant);
    }

    /// <inheritdoc />
    void ICapacityClient.SendRevoke()
    {
        Log.Capacity(_logger, "revoke", FrontendId);
        _outgoing.Writer.TryWrite(OutgoingFrame.Revoke);
    }

    /// <summary>
    /// Gives the connection's capacity back: its unused grant, and a batch that was queued but never
    /// started (or whose predict call has ended). A predict call still running keeps its capacity
    /// until it returns, so a new connection cannot start a batch beside it.
    /// </summary>
    private void ReleaseCapacity(bool workEnded)
    {
        if (_slot is not { } slot)
        {
            return;
        }

        _owner.Capacity.Close(slot);
        if (workEnded)
        {
            _owner.Capacity.BatchCompleted(slot);
        }
    }

    /// <summary>The frontend already has a live connection from this container: say so and close.</summary>
    private async Task<ConnectionOutcome> LeaveDuplicateAsync(string frontendId)
    {
        Log.LeftDuplicate(_logger, frontendId);
        try
        {
            MessageCodec.WriteGoodbye(_output, new GoodbyeMessage(ServingErrors.AlreadyConnected(frontendId)));
            await _output.FlushAsync(_abortedToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionError(ex) || ex is OperationCanceledException)
        {
        }

        return ConnectionOutcome.LeftForOthers;
    }

    /// <summary>Records why the connection ends; the first caller wins.</summary>
    /// <returns><see langword="true"/> for the first caller, which should log the reason.</returns>
    private bool Finish(ConnectionOutcome outcome) => _finished.TrySetResult(outcome);

    private void FailProtocol(string reason)
    {
        if (Finish(ConnectionOutcome.ProtocolError))
        {
            Log.ProtocolError(_logger, reason);
        }
    }

    private void FailConnection(Exception exception)
    {
        if (Finish(ConnectionOutcome.ConnectionLost))
        {
            Log.ConnectionLost(_logger, exception);
        }
    }

    /// <summary>A bug in this library: end the connection loudly rather than leave it half-alive.</summary>
    private void FailUnexpected(Exception exception)
    {
        if (Finish(ConnectionOutcome.ConnectionLost))
        {
            Log.UnexpectedError(_logger, exception);
        }
    }

    private static bool IsConnectionError(Exception exception) =>
        exception is IOException or SocketException or ObjectDisposedException;

    /// <summary>
    /// After a drain, half-closes and waits for the frontend to close its side: closing with
    /// unread bytes pending would send a reset, which can make the frontend discard our last
    /// response before reading it.
    /// </summary>
    private async Task LingerAsync(Task readLoop)
    {
        try
        {
            if (_stream is System.Net.Security.SslStream tls)
            {
                // TLS ends its half with close_notify, so the frontend reads a clean end rather than a cut record.
                await tls.ShutdownAsync().ConfigureAwait(false);
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            return;
        }

        TimeSpan linger = CurrentHeartbeatInterval * ProtocolConstants.SilentIntervalsBeforeDisconnect;
        await readLoop.WaitAsync(linger, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async ValueTask CloseAsync()
    {
        // Closing the socket first makes a write still pending fail at once instead of waiting
        // on a peer that stopped reading.
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            // Unsent bytes of a dead connection: the frontend re-queues what they answered.
        }
    }
}
