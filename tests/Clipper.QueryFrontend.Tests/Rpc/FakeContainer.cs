using System.Buffers;
using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>
/// The container's end of an in-memory RPC connection: writes what a model container would (or
/// anything else), and reads what the frontend sends, frame by frame. Unless
/// <see cref="AutoGrant"/> is off it grants one batch after the welcome and after each answer, as
/// a container of concurrency 1 serving only this frontend does.
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

    /// <summary>
    /// Behave as a container of concurrency 1 serving only this frontend: grant after the welcome,
    /// after each answer, after a Release, and on Demand while nothing is granted or running. Default true.
    /// </summary>
    public bool AutoGrant { get; set; } = true;

    /// <summary>The protocol version the container says hello in and answers in (default: the current one).</summary>
    public int ProtocolVersion { get; set; } = ProtocolConstants.Version;

    /// <summary>Version 3: the model time every answer reports.</summary>
    public ulong ModelTimeMicroseconds { get; set; } = 1500;

    // With AutoGrant: whether the frontend holds an unused grant, and whether a batch read is unanswered.
    private bool _granted;
    private bool _running;

    /// <summary>The Demand frames skipped while reading, newest last.</summary>
    public List<DemandMessage> Demands { get; } = [];

    /// <summary>The Membership frames skipped while reading, newest last.</summary>
    public List<MembershipMessage> Memberships { get; } = [];

    /// <summary>How many Release frames were skipped while reading.</summary>
    public int Releases { get; private set; }

    public Task SendGrantAsync(bool parked = false) => SendAsync(o => MessageCodec.WriteGrant(o, parked));

    public Task SendRevokeAsync() => SendAsync(o => MessageCodec.WriteSignal(o, MessageType.Revoke));

    public Task SendHelloAsync(string model = "m", string version = "1", InputType inputType = InputType.Doubles, string containerId = "container-1", ClusterToken? joinToken = null) =>
        SendAsync(o => MessageCodec.WriteHello(o, new HelloMessage(ProtocolVersion, model, version, inputType, containerId, joinToken)));

    public Task SendHeartbeatAsync() => SendAsync(MessageCodec.WriteHeartbeat);

    public Task SendGoodbyeAsync(string reason) => SendAsync(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage(reason)));

    public Task AnswerAsync(ulong batchId, params string[] outputs) => SendAsync(o =>
    {
        BatchResponseWriter.Write(o, batchId, outputs, ProtocolVersion, ModelTimeMicroseconds);
        _running = false;
        GrantIfAuto(o);
    });

    public Task FailAsync(ulong batchId, int count, string error) => SendAsync(o =>
    {
        BatchResponseWriter.WriteErrors(o, batchId, count, error, ProtocolVersion, ModelTimeMicroseconds);
        _running = false;
        GrantIfAuto(o);
    });

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
        if (AutoGrant)
        {
            await SendAsync(GrantIfAuto);
        }

        return welcome;
    }

    /// <summary>Reads the next batch request, skipping heartbeats.</summary>
    public async Task<SentBatch> ReadBatchAsync()
    {
        var frame = await ReadFrameAsync();
        Assert.True(frame.Type == MessageType.BatchRequest, $"expected a BatchRequest, got {frame.Type}");
        _granted = false;
        _running = true;
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

    /// <summary>The next frame, skipping heartbeats, demands, memberships and releases (recorded) unless asked for them.</summary>
    public async Task<(MessageType Type, byte[] Body)> ReadFrameAsync(bool skipHeartbeats = true, bool skipControl = true) =>
        await TryReadFrameAsync(skipHeartbeats, skipControl) ?? throw new EndOfStreamException("The frontend closed the connection.");

    /// <summary>Reads frames (recording the control frames it skips) until one of <paramref name="type"/> arrives.</summary>
    public async Task<byte[]> ReadUntilAsync(MessageType type)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(skipHeartbeats: true, skipControl: false);
            if (frame.Type == type)
            {
                return frame.Body;
            }

            Assert.True(await SkipAsync(frame.Type, frame.Body, skipHeartbeats: true), $"expected a {type} frame, got {frame.Type}");
        }
    }

    private async Task<(MessageType Type, byte[] Body)?> TryReadFrameAsync(bool skipHeartbeats, bool skipControl = true)
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
                if ((skipControl || read.Type == MessageType.Heartbeat) && await SkipAsync(read.Type, read.Item2, skipHeartbeats))
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

    private void GrantIfAuto(IBufferWriter<byte> output)
    {
        if (AutoGrant && !_granted && !_running)
        {
            MessageCodec.WriteGrant(output, parked: true);
            _granted = true;
        }
    }

    /// <summary>Records and skips the frames that are not the test's business (heartbeats only when asked).</summary>
    private async Task<bool> SkipAsync(MessageType type, byte[] body, bool skipHeartbeats)
    {
        var sequence = new ReadOnlySequence<byte>(body);
        switch (type)
        {
            case MessageType.Heartbeat:
                return skipHeartbeats;
            case MessageType.Release:
                Releases++;
                _granted = false;
                await SendAsync(GrantIfAuto);
                return true;
            case MessageType.Demand:
                Assert.True(MessageCodec.TryReadDemand(sequence, out var demand, out var demandError), demandError);
                Demands.Add(demand);
                await SendAsync(GrantIfAuto);
                return true;
            case MessageType.Membership:
                Assert.True(MessageCodec.TryReadMembership(sequence, out var membership, out var membershipError), membershipError);
                Memberships.Add(membership);
                return true;
            default:
                return false;
        }
    }
}
