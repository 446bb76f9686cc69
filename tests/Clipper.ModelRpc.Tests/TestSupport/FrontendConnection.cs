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

    public FrontendConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Reads the next frame, skipping heartbeats unless asked for them.</summary>
    /// <exception cref="EndOfStreamException">The container closed the connection.</exception>
    public async Task<ReceivedFrame> ReadFrameAsync(bool skipHeartbeats = true)
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
                if (skipHeartbeats && received.Type == MessageType.Heartbeat)
                {
                    continue;
                }

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
        Assert.True(BatchResponseReader.TryCreate(frame.Sequence, out BatchResponseReader response, out string? error), error);
        var results = new List<(bool, string)>();
        while (response.TryReadNext(out bool isError, out ReadOnlySequence<byte> utf8, out error))
        {
            results.Add((isError, Encoding.UTF8.GetString(utf8)));
        }

        Assert.Null(error);
        return (response.BatchId, results);
    }

    public Task WelcomeAsync(int replicaId = 1, int heartbeatIntervalMs = 60_000) =>
        SendAsync(o => MessageCodec.WriteWelcome(o, new WelcomeMessage(ProtocolConstants.Version, replicaId, heartbeatIntervalMs)));

    public Task SendBatchAsync(ulong batchId, InputType inputType, params byte[][] inputs)
    {
        ReadOnlyMemory<byte>[] memory = [.. inputs.Select(i => (ReadOnlyMemory<byte>)i)];
        return SendAsync(o => BatchRequestWriter.Write(o, batchId, inputType, memory));
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

