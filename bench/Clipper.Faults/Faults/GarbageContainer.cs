using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;

namespace Clipper.Faults.Faults;

/// <summary>
/// A model container that completes the handshake (Hello with the join token, Welcome) and then sends one kind of
/// malformed frame. The frontend must close that connection (after a Goodbye naming the problem, or at once) and keep
/// serving the others. Each kind breaks a different rule of docs/rpc-protocol.md; <see cref="GarbageKind.MidBatch"/>
/// first takes a batch against a grant, so the frontend also has queries to put back on the queue.
/// </summary>
internal static class GarbageContainer
{
    private static readonly TimeSpan s_batchWait = TimeSpan.FromMilliseconds(800);

    /// <summary>Connects, greets, sends the garbage; returns whether the frontend closed the connection within <paramref name="timeout"/> and whether a batch was held.</summary>
    public static async Task<(bool Closed, bool HeldBatch)> RunOnceAsync(int rpcPort, ClusterToken token, string model, GarbageKind kind, int serial, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", rpcPort, cancel.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        var hello = new ArrayBufferWriter<byte>();
        MessageCodec.WriteHello(hello, new HelloMessage(ProtocolConstants.Version, model, "1", InputType.Doubles, $"garbage-{Environment.ProcessId}-{serial}", token));
        await stream.WriteAsync(hello.WrittenMemory, cancel.Token).ConfigureAwait(false);
        try
        {
            if (await ReadUntilAsync(stream, MessageType.Welcome, cancel.Token).ConfigureAwait(false) is null)
            {
                return (true, false);
            }

            var heldBatch = false;
            if (kind == GarbageKind.MidBatch)
            {
                heldBatch = await TakeBatchAsync(stream, cancel.Token).ConfigureAwait(false);
            }

            await stream.WriteAsync(Frame(kind), cancel.Token).ConfigureAwait(false);

            // A Goodbye naming the problem, maybe frames sent before it: raw bytes (a read cut short above may have
            // left part of a frame) until the frontend closes.
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink, cancel.Token).ConfigureAwait(false) > 0)
            {
            }

            return (true, heldBatch);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return (false, false);
        }
        catch (IOException)
        {
            // Reset by the frontend: closed too.
            return (true, false);
        }
    }

    private static async Task<bool> TakeBatchAsync(NetworkStream stream, CancellationToken cancel)
    {
        // A parked grant: the frontend keeps it and sends the next batch it has against it. Within a heartbeat
        // interval (the container sends nothing else, so a longer wait would be dropped for silence), or not at all.
        var grant = new ArrayBufferWriter<byte>();
        MessageCodec.WriteGrant(grant, parked: true);
        await stream.WriteAsync(grant.WrittenMemory, cancel).ConfigureAwait(false);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        wait.CancelAfter(s_batchWait);
        try
        {
            return await ReadUntilAsync(stream, MessageType.BatchRequest, wait.Token).ConfigureAwait(false) is not null;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    private static byte[] Frame(GarbageKind kind) => kind switch
    {
        // Type 99 exists in no version of the protocol.
        GarbageKind.UnknownType => [0, 0, 0, 2, 99, 0xC0],
        // A BatchResponse [999, ["x"]] for a batch never sent.
        GarbageKind.UnsentBatch => [0, 0, 0, 8, (byte)MessageType.BatchResponse, 0x92, 0xCD, 0x03, 0xE7, 0x91, 0xA1, (byte)'x'],
        // A Heartbeat whose body is 1, not nil.
        GarbageKind.HeartbeatBody => [0, 0, 0, 2, (byte)MessageType.Heartbeat, 0x01],
        // A length past every limit, then a few bytes.
        GarbageKind.OverLimit => [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3],
        // A BatchResponse whose body is 0xC1, a byte MessagePack never uses.
        _ => [0, 0, 0, 3, (byte)MessageType.BatchResponse, 0xC1, 0xC1],
    };

    private static async Task<MessageType?> ReadUntilAsync(NetworkStream stream, MessageType wanted, CancellationToken cancel)
    {
        while (await ReadFrameAsync(stream, cancel).ConfigureAwait(false) is { } type)
        {
            if (type == wanted)
            {
                return type;
            }

            if (type == MessageType.Goodbye)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The next frame's type (its body is skipped), or null at the end of the stream.</summary>
    private static async Task<MessageType?> ReadFrameAsync(NetworkStream stream, CancellationToken cancel)
    {
        var header = new byte[ProtocolConstants.FrameHeaderBytes];
        try
        {
            await stream.ReadExactlyAsync(header, cancel).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 or > ProtocolConstants.DefaultMaxFrameBytes)
        {
            throw new IOException($"The frontend sent a frame of {length} bytes.");
        }

        var body = new byte[length - 1];
        await stream.ReadExactlyAsync(body, cancel).ConfigureAwait(false);
        return (MessageType)header[ProtocolConstants.LengthPrefixBytes];
    }
}
