using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Clipper.ModelRpc.Protocol;
using MessagePack;

namespace Clipper.Benchmarks.Path;

/// <summary>
/// A model replica that allocates nothing per batch: a raw socket on its own thread that says Hello, parks a Grant,
/// and answers each BatchRequest with a pre-built BatchResponse (its batch id patched in place) followed by the next
/// parked Grant, as a container with free capacity and no other frontend does.
/// </summary>
internal sealed class RawReplica : IDisposable
{
    private const int MaxPrebuiltBatch = 64;

    // Written as a uint64 by the real writer, so the id has a fixed place and width to patch.
    private const ulong IdMarker = ulong.MaxValue;

    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly byte[] _receive = new byte[1 << 20];
    private readonly byte[][] _answers = new byte[MaxPrebuiltBatch + 1][];
    private readonly int[] _idOffsets = new int[MaxPrebuiltBatch + 1];
    private readonly byte[] _grant;
    private readonly byte[] _heartbeat;
    private volatile bool _stopping;
    private bool _granted;

    private RawReplica(Socket socket, string output)
    {
        _socket = socket;
        _grant = Build(writer => MessageCodec.WriteGrant(writer, parked: true));
        _heartbeat = Build(MessageCodec.WriteHeartbeat);
        var outputs = new List<string>();
        for (var count = 1; count <= MaxPrebuiltBatch; count++)
        {
            outputs.Add(output);
            // The answer and the next parked grant go out in one send, as a container flushes them together.
            var answer = Build(writer =>
            {
                BatchResponseWriter.Write(writer, IdMarker, outputs, ProtocolConstants.Version, modelTimeUs: 0);
                MessageCodec.WriteGrant(writer, parked: true);
            });
            _answers[count] = answer;
            _idOffsets[count] = FindIdMarker(answer);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "raw replica" };
    }

    /// <summary>Batches answered so far.</summary>
    public long Batches { get; private set; }

    /// <summary>Why the replica stopped, when it stopped on an error.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Connects to a frontend's RPC port as <paramref name="model"/>:<paramref name="version"/> (doubles) and starts answering.</summary>
    public static RawReplica Start(int rpcPort, string model, string version, string output)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, rpcPort));
        var replica = new RawReplica(socket, output);
        var hello = Build(writer => MessageCodec.WriteHello(writer, new HelloMessage(ProtocolConstants.Version, model, version, InputType.Doubles, "bench-raw-replica")));
        socket.Send(hello);
        replica._thread.Start();
        return replica;
    }

    /// <summary>Closes the connection and waits for the thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    private static byte[] Build(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static int FindIdMarker(byte[] frame)
    {
        Span<byte> marker = stackalloc byte[9];
        marker[0] = MessagePackCode.UInt64;
        marker[1..].Fill(0xFF);
        var at = frame.AsSpan().IndexOf(marker);
        return at >= 0 ? at + 1 : throw new InvalidOperationException("The pre-built BatchResponse does not hold its batch id as a uint64.");
    }

    private void Run()
    {
        var filled = 0;
        try
        {
            while (!_stopping)
            {
                var read = _socket.Receive(_receive.AsSpan(filled));
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var start = 0;
                while (filled - start >= ProtocolConstants.FrameHeaderBytes)
                {
                    var length = (int)BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(start));
                    if (filled - start < ProtocolConstants.LengthPrefixBytes + length)
                    {
                        break;
                    }

                    Handle((MessageType)_receive[start + ProtocolConstants.LengthPrefixBytes], _receive.AsMemory(start + ProtocolConstants.FrameHeaderBytes, length - 1));
                    start += ProtocolConstants.LengthPrefixBytes + length;
                }

                if (start > 0)
                {
                    _receive.AsSpan(start, filled - start).CopyTo(_receive);
                    filled -= start;
                }

                if (filled == _receive.Length)
                {
                    throw new InvalidOperationException($"A frame longer than the replica's {_receive.Length} B buffer arrived.");
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException && _stopping)
        {
        }
        catch (Exception ex)
        {
            Failure = ex;
        }
    }

    private void Handle(MessageType type, ReadOnlyMemory<byte> body)
    {
        switch (type)
        {
            case MessageType.Welcome:
            case MessageType.Release:
                // Free capacity nobody else demands is parked here, as a container does.
                _granted = false;
                Grant();
                break;
            case MessageType.Demand:
                Grant();
                break;
            case MessageType.Heartbeat:
                _socket.Send(_heartbeat);
                break;
            case MessageType.BatchRequest:
                Answer(body);
                break;
            case MessageType.Goodbye:
                throw new InvalidOperationException("The frontend said Goodbye.");
            default:
                // Membership: nothing to do.
                break;
        }
    }

    private void Grant()
    {
        if (!_granted)
        {
            _granted = true;
            _socket.Send(_grant);
        }
    }

    private void Answer(ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        reader.ReadArrayHeader();
        var batchId = reader.ReadUInt64();
        reader.ReadInt32();
        var count = reader.ReadArrayHeader();
        if (count is < 1 or > MaxPrebuiltBatch)
        {
            throw new InvalidOperationException($"A batch of {count} inputs; the replica answers 1 to {MaxPrebuiltBatch}.");
        }

        var answer = _answers[count];
        BinaryPrimitives.WriteUInt64BigEndian(answer.AsSpan(_idOffsets[count]), batchId);
        _socket.Send(answer);
        _granted = true;
        Batches++;
    }
}
