using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using Clipper.QueryFrontend.Tests.Zmtp;
using Clipper.QueryFrontend.Zmtp;
using static Clipper.QueryFrontend.Tests.Zmtp.ZmtpBytes;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

/// <summary>
/// The container's end of an in-memory connection speaking Clipper's container RPC as a libzmq DEALER would: writes
/// what Clipper's containers write (or anything else), and reads the frontend's messages frame by frame.
/// </summary>
internal sealed class FakeClipperContainer(IDuplexPipe pipe)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    /// <summary>One message from the frontend: its frames after the delimiter.</summary>
    public sealed record Message(IReadOnlyList<byte[]> Frames)
    {
        public uint U32(int index) => BinaryPrimitives.ReadUInt32LittleEndian(Frames[index]);

        public ulong U64(int index, int item = 0) => BinaryPrimitives.ReadUInt64LittleEndian(Frames[index].AsSpan(item * 8));
    }

    public Task SendAsync(byte[] bytes) => pipe.Output.WriteAsync(bytes).AsTask();

    public Task CloseAsync() => pipe.Output.CompleteAsync().AsTask();

    /// <summary>Greeting, READY as a DEALER, and the frontend's greeting and READY read back.</summary>
    public async Task HandshakeAsync()
    {
        await SendAsync([.. Greeting(), .. Ready()]);
        await ReadBytesAsync(64);
        var ready = await ReadFrameAsync();
        Assert.True(ready.IsCommand, "the frontend's READY");
    }

    public Task SendHeartbeatAsync() => SendAsync(ZmtpBytes.Message([], U32(2)));

    public Task SendMetadataAsync(string name = "m", string version = "1", string inputType = "3", uint? rpcVersion = 3) =>
        SendAsync(ZmtpBytes.Message([[], U32(0), Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(version), Encoding.UTF8.GetBytes(inputType), .. rpcVersion is { } v ? new[] { U32(v) } : []]));

    /// <summary>An answer as Clipper's containers send it: message id, header size, output header, one frame per output.</summary>
    public Task AnswerAsync(uint messageId, params string[] outputs)
    {
        var encoded = outputs.Select(Encoding.UTF8.GetBytes).ToArray();
        byte[] header = [.. U64((ulong)outputs.Length), .. encoded.SelectMany(o => U64((ulong)o.Length))];
        return SendAsync(ZmtpBytes.Message([[], U32(1), U32(messageId), U64((ulong)header.Length), header, .. encoded]));
    }

    /// <summary>Reads the next message (skipping nothing: a command here fails the test).</summary>
    public async Task<Message> ReadMessageAsync()
    {
        var frames = new List<byte[]>();
        while (true)
        {
            var frame = await ReadFrameAsync();
            Assert.False(frame.IsCommand, "a command where a message was expected");
            frames.Add(frame.Body);
            if (!frame.More)
            {
                break;
            }
        }

        Assert.Empty(frames[0]);
        return new Message(frames.Skip(1).ToList());
    }

    /// <summary>Reads a heartbeat reply and returns its kind.</summary>
    public async Task<uint> ReadHeartbeatReplyAsync()
    {
        var message = await ReadMessageAsync();
        Assert.Equal(3, message.Frames.Count);
        Assert.Equal(3u, message.U32(0));
        Assert.Equal(2u, message.U32(1));
        return message.U32(2);
    }

    public async Task<(bool IsCommand, bool More, byte[] Body)> ReadFrameAsync()
    {
        while (true)
        {
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(s_wait);
            var buffer = result.Buffer;
            var status = ZmtpFrameReader.TryReadFrame(ref buffer, 1 << 24, "MaxFrameBytes", out var frame, out var error);
            Assert.NotEqual(ZmtpReadStatus.Invalid, status);
            if (status == ZmtpReadStatus.Complete)
            {
                var read = (frame.IsCommand, frame.More, frame.Body.ToArray());
                pipe.Input.AdvanceTo(buffer.Start);
                return read;
            }

            Assert.False(result.IsCompleted, "the frontend closed the connection; expected a frame");
            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Waits until the frontend closes the connection, skipping whatever it still sends.</summary>
    public async Task WaitClosedAsync()
    {
        while (true)
        {
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(s_wait);
            pipe.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ReadBytesAsync(int count)
    {
        while (true)
        {
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(s_wait);
            if (result.Buffer.Length >= count)
            {
                pipe.Input.AdvanceTo(result.Buffer.GetPosition(count));
                return;
            }

            Assert.False(result.IsCompleted, "the frontend closed the connection during the greeting");
            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
