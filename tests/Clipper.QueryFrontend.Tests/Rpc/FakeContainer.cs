using System.Buffers;
using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>
/// The container's end of an in-memory RPC connection: writes what a model container would (or
/// anything else), and reads what the frontend sends, frame by frame.
/// </summary>
internal sealed class FakeContainer
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;

    public FakeContainer(IDuplexPipe pipe)
    {
        _input = pipe.Input;
        _output = pipe.Output;
    }

    public Task SendHelloAsync(string model = "m", string version = "1", InputType inputType = InputType.Doubles, string containerId = "container-1") =>
        SendAsync(o => MessageCodec.WriteHello(o, new HelloMessage(ProtocolConstants.Version, model, version, inputType, containerId)));

    public Task SendHeartbeatAsync() => SendAsync(MessageCodec.WriteHeartbeat);

    public Task SendGoodbyeAsync(string reason) => SendAsync(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage(reason)));

    public Task AnswerAsync(ulong batchId, params string[] outputs) => SendAsync(o => BatchResponseWriter.Write(o, batchId, outputs));

    public Task FailAsync(ulong batchId, int count, string error) => SendAsync(o => BatchResponseWriter.WriteErrors(o, batchId, count, error));

    public Task SendRawAsync(params byte[] bytes) => SendAsync(o => o.Write(bytes));

    public async Task SendAsync(Action<IBufferWriter<byte>> write)
    {
        write(_output);
        await _output.FlushAsync().AsTask().WaitAsync(RpcHarness.Timeout);
    }

    /// <summary>Closes the container's side, as a process that exits does.</summary>
    public async Task CloseAsync()
    {
        await _output.CompleteAsync();
        await _input.CompleteAsync();
    }

    /// <summary>Reads the Welcome the frontend answers a valid Hello with.</summary>
    public async Task<WelcomeMessage> ReadWelcomeAsync()
    {
        var frame = await ReadFrameAsync();
        Assert.Equal(MessageType.Welcome, frame.Type);
        Assert.True(MessageCodec.TryReadWelcome(new ReadOnlySequence<byte>(frame.Body), out var welcome, out var error), error);
        return welcome;
    }

    /// <summary>Reads the next batch request, skipping heartbeats.</summary>
    public async Task<SentBatch> ReadBatchAsync()
    {
        var frame = await ReadFrameAsync();
        Assert.True(frame.Type == MessageType.BatchRequest, $"expected a BatchRequest, got {frame.Type}");
        return SentBatch.Parse(frame.Body);
    }

    /// <summary>Reads the frontend's Goodbye and then the end of the connection.</summary>
    public async Task<string> ReadGoodbyeAsync()
    {
        var frame = await ReadFrameAsync();
        Assert.True(frame.Type == MessageType.Goodbye, $"expected a Goodbye, got {frame.Type}");
        Assert.True(MessageCodec.TryReadGoodbye(new ReadOnlySequence<byte>(frame.Body), out var goodbye, out var error), error);
        await ReadEndAsync();
        return goodbye.Reason;
    }

    /// <summary>Reads until the frontend closes its side; fails on anything but heartbeats and a goodbye.</summary>
    public async Task ReadEndAsync()
    {
        while (await TryReadFrameAsync(skipHeartbeats: true) is { } frame)
        {
            Assert.True(frame.Type == MessageType.Goodbye, $"expected the connection to end, got a {frame.Type} frame");
        }
    }

    /// <summary>The next frame, skipping heartbeats unless asked for them.</summary>
    public async Task<(MessageType Type, byte[] Body)> ReadFrameAsync(bool skipHeartbeats = true) =>
        await TryReadFrameAsync(skipHeartbeats) ?? throw new EndOfStreamException("The frontend closed the connection.");

    private async Task<(MessageType Type, byte[] Body)?> TryReadFrameAsync(bool skipHeartbeats)
    {
        while (true)
        {
            var result = await _input.ReadAsync().AsTask().WaitAsync(RpcHarness.Timeout);
            var buffer = result.Buffer;
            var status = FrameReader.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out var frame);
            Assert.NotEqual(FrameReadResult.Invalid, status);
            if (status == FrameReadResult.Complete)
            {
                var read = (frame.Type, frame.Body.ToArray());
                _input.AdvanceTo(buffer.Start);
                if (skipHeartbeats && read.Type == MessageType.Heartbeat)
                {
                    continue;
                }

                return read;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }
}
