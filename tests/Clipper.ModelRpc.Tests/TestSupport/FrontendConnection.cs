using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>One accepted container connection, seen from the fake frontend.</summary>
public sealed class FrontendConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Queue<ReceivedFrame> _pending = new();

    public FrontendConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>The protocol version this frontend welcomes with and frames batches in (default: the current one).</summary>
    public int ProtocolVersion { get; set; } = ProtocolConstants.Version;

    /// <summary>Version 3: the traceparent (UTF-8) the next batches carry; empty sends nil.</summary>
    public byte[] TraceParentToSend { get; set; } = [];

    /// <summary>Version 3: the model time of the last response read.</summary>
    public ulong LastModelTimeMicroseconds { get; private set; }

    /// <summary>Unused grants the container gave this frontend; <see cref="SendBatchAsync"/> uses one per batch.</summary>
    public int Grants { get; private set; }

    /// <summary>How many Revoke frames the container sent.</summary>
    public int Revokes { get; private set; }

    /// <summary>
    /// Reads the next frame, skipping grants and revokes (counted in <see cref="Grants"/> and
    /// <see cref="Revokes"/>) and, unless asked for them, heartbeats.
    /// </summary>
    /// <exception cref="EndOfStreamException">The container closed the connection.</exception>
    public async Task<ReceivedFrame> ReadFrameAsync(bool skipHeartbeats = true)
    {
        while (_pending.TryDequeue(out ReceivedFrame? pending))
        {
            if (!skipHeartbeats || pending.Type != MessageType.Heartbeat)
            {
                return pending;
            }
        }

        while (true)
        {
            ReceivedFrame frame = await ReadRawFrameAsync();
            if (CountCapacity(frame) || (skipHeartbeats && frame.Type == MessageType.Heartbeat))
            {
                continue;
            }

            return frame;
        }
    }

    /// <summary>Reads frames (keeping them for <see cref="ReadFrameAsync"/>) until the container has granted a batch.</summary>
    public Task WaitForGrantAsync() => ReadKeepingFramesUntilAsync(() => Grants > 0);

    /// <summary>Reads until <paramref name="done"/> holds, counting grants and revokes and keeping every other frame for <see cref="ReadFrameAsync"/>.</summary>
    private async Task ReadKeepingFramesUntilAsync(Func<bool> done)
    {
        while (!done())
        {
            ReceivedFrame frame = await ReadRawFrameAsync();
            if (!CountCapacity(frame))
            {
                _pending.Enqueue(frame);
            }
        }
    }

    /// <summary>Counts a Grant or Revoke frame; false for any other frame.</summary>
    private bool CountCapacity(ReceivedFrame frame)
    {
        switch (frame.Type)
        {
            case MessageType.Grant:
                Grants++;
                return true;
            case MessageType.Revoke:
                Revokes++;
                return true;
            default:
                return false;
        }
    }

    private async Task<ReceivedFrame> ReadRawFrameAsync()
    {
        using var timeout = new CancellationTokenSource(FakeFrontend.Timeout);
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(timeout.Token);
            ReadOnlySequence<byte> buffer = result.Buffer;
            FrameReadResult read = FrameReader.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out Frame frame);
            if (read == FrameReadResult.Invalid)
            {
                throw new InvalidDataException(frame.Error);
            }

            if (read == FrameReadResult.Complete)
            {
                var received = new ReceivedFrame(frame.Type, frame.Body.ToArray());
                _reader.AdvanceTo(buffer.Start);
                return received;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The container closed the connection.");
            }
        }
    }

    /// <summary>Reads until the container closes the connection; returns the non-heartbeat frames read.</summary>
    public async Task<List<ReceivedFrame>> ReadUntilClosedAsync()
    {
        var frames = new List<ReceivedFrame>();
        while (true)
        {
            try
            {
                frames.Add(await ReadFrameAsync());
            }
            catch (EndOfStreamException)
            {
                return frames;
            }
            catch (IOException)
            {
                return frames;
            }
        }
    }

    public async Task<(ulong BatchId, List<(bool IsError, string Text)> Results)> ReadResponseAsync()
    {
        ReceivedFrame frame = await ReadFrameAsync();
        Assert.Equal(MessageType.BatchResponse, frame.Type);
        Assert.True(BatchResponseReader.TryCreate(frame.Sequence, ProtocolVersion, out BatchResponseReader response, out string? error), error);
        var results = new List<(bool, string)>();
        while (response.TryReadNext(out bool isError, out ReadOnlySequence<byte> utf8, out error))
        {
            results.Add((isError, Encoding.UTF8.GetString(utf8)));
        }

        Assert.Null(error);
        LastModelTimeMicroseconds = response.ModelTimeMicroseconds;
        return (response.BatchId, results);
    }

    public Task WelcomeAsync(int replicaId = 1, int heartbeatIntervalMs = 60_000, string frontendId = "frontend-test") =>
        SendAsync(o => MessageCodec.WriteWelcome(o, new WelcomeMessage(ProtocolVersion, replicaId, heartbeatIntervalMs, frontendId)));

    /// <summary>Reads frames (keeping them for <see cref="ReadFrameAsync"/>) until the container has revoked a grant.</summary>
    public Task WaitForRevokeAsync()
    {
        int before = Revokes;
        return ReadKeepingFramesUntilAsync(() => Revokes > before);
    }

    /// <summary>Asks for capacity: one query waits, due in <paramref name="deadlineMs"/>.</summary>
    public Task SendDemandAsync(int deadlineMs = 100) => SendAsync(o => MessageCodec.WriteDemand(o, 1, deadlineMs));

    /// <summary>Gives an unused grant back.</summary>
    public Task SendReleaseAsync()
    {
        Grants--;
        return SendAsync(o => MessageCodec.WriteSignal(o, MessageType.Release));
    }

    /// <summary>Sends a batch once the container has granted one, as a frontend must.</summary>
    public async Task SendBatchAsync(ulong batchId, InputType inputType, params byte[][] inputs)
    {
        await WaitForGrantAsync();
        Grants--;
        ReadOnlyMemory<byte>[] memory = [.. inputs.Select(i => (ReadOnlyMemory<byte>)i)];
        await SendAsync(o => BatchRequestWriter.Write(o, batchId, inputType, memory, ProtocolVersion, TraceParentToSend));
    }

    /// <summary>Sends a batch without waiting for a grant (a frontend breaking the protocol, or a test that holds one).</summary>
    public Task SendBatchUngrantedAsync(ulong batchId, InputType inputType, params byte[][] inputs)
    {
        ReadOnlyMemory<byte>[] memory = [.. inputs.Select(i => (ReadOnlyMemory<byte>)i)];
        return SendAsync(o => BatchRequestWriter.Write(o, batchId, inputType, memory, ProtocolVersion, TraceParentToSend));
    }

    public Task SendRawAsync(byte[] bytes) => SendAsync(o => o.Write(bytes));

    public async Task SendAsync(Action<IBufferWriter<byte>> write)
    {
        write(_writer);
        using var timeout = new CancellationTokenSource(FakeFrontend.Timeout);
        await _writer.FlushAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Close();
        await _stream.DisposeAsync();
        await _reader.CompleteAsync();
        try
        {
            await _writer.CompleteAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

