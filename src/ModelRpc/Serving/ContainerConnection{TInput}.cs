using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Clipper.ModelRpc.Protocol;
using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// One connection to the query frontend, from Hello to close. Three loops share it: the read
/// loop parses frames and queues batches, the worker runs the predict function one batch at a
/// time, and the write loop sends everything queued on the outgoing channel with one flush per
/// drain of the channel. Whichever part first sees the end reports it through <see cref="Finish"/>.
/// </summary>
internal sealed partial class ContainerConnection<TInput>
{
    // Bounded so that a frontend pipelining far more batches than the model can handle is slowed
    // by TCP flow control instead of growing this queue without limit.
    private const int WorkQueueCapacity = 16;

    private readonly ModelContainer<TInput> _owner;
    private readonly ModelContainerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly Channel<DecodedBatch<TInput>> _work;
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationToken _abortedToken;
    private readonly TaskCompletionSource<ConnectionOutcome> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ContainerConnection(ModelContainer<TInput> owner, Socket socket)
    {
        _owner = owner;
        _socket = socket;
        _options = owner.Options;
        _logger = owner.Logger;
        _time = _options.TimeProvider;
        _abortedToken = _aborted.Token;
        _stream = new NetworkStream(socket, ownsSocket: true);
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
            StartHeartbeats(welcome);
            _owner.OnWelcomed(welcome);
            writeLoop = WriteLoopAsync();
            workLoop = WorkLoopAsync();
            readLoop = ReadLoopAsync();
            onDrain = drainRequested.UnsafeRegister(static s => ((ContainerConnection<TInput>)s!).BeginDrain(), this);

            outcome = await _finished.Task.ConfigureAwait(false);
            if (outcome == ConnectionOutcome.Drained)
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

            await CloseAsync().ConfigureAwait(false);
        }
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
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
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
