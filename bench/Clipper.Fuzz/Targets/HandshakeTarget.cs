using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// The handshake bodies: the container's Hello (read by the frontend), the frontend's Welcome and its refusing
/// Goodbye (read by the container). What a reader accepts is written back with the codec and must read the same.
/// </summary>
internal static class HandshakeTarget
{
    public static void Run(byte[] input)
    {
        var body = FuzzInput.From(input).Sequence;

        if (MessageCodec.TryReadHello(body, out var hello, out string? error))
        {
            Check.That(ModelNames.IsValid(hello.ModelName) && ModelNames.IsValid(hello.ModelVersion), "Hello: the names it accepts are labels");
            Check.That(InputTypes.IsDefined(hello.InputType), "Hello: a defined input type");
            Check.Equal(hello, RoundTrip(hello, MessageCodec.WriteHello, MessageType.Hello, ReadHello), "Hello written and read again");
        }
        else
        {
            Check.That(!string.IsNullOrEmpty(error), "Hello: a refusal says why");
        }

        if (MessageCodec.TryReadWelcome(body, out var welcome, out error))
        {
            Check.That(welcome.ReplicaId >= 0 && welcome.HeartbeatIntervalMs >= 1, "Welcome: the ranges it accepts");
            Check.Equal(welcome, RoundTrip(welcome, MessageCodec.WriteWelcome, MessageType.Welcome, ReadWelcome), "Welcome written and read again");
        }
        else
        {
            Check.That(!string.IsNullOrEmpty(error), "Welcome: a refusal says why");
        }

        if (MessageCodec.TryReadGoodbye(body, out var goodbye, out error))
        {
            Check.Equal(goodbye, RoundTrip(goodbye, MessageCodec.WriteGoodbye, MessageType.Goodbye, ReadGoodbye), "Goodbye written and read again");
        }
        else
        {
            Check.That(!string.IsNullOrEmpty(error), "Goodbye: a refusal says why");
        }
    }

    private static T RoundTrip<T>(T message, Action<IBufferWriter<byte>, T> write, MessageType type, Func<ReadOnlySequence<byte>, T> read)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output, message);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var result = FrameReader.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out Frame frame);
        Check.Equal(FrameReadResult.Complete, result, $"the written {type} is one frame");
        Check.Equal(type, frame.Type, "the written frame's type");
        Check.That(buffer.IsEmpty, $"the written {type} is exactly one frame");
        return read(frame.Body);
    }

    private static HelloMessage ReadHello(ReadOnlySequence<byte> body) =>
        MessageCodec.TryReadHello(body, out var message, out var error) ? message : throw new FuzzInvariantException("a written Hello is refused: " + error);

    private static WelcomeMessage ReadWelcome(ReadOnlySequence<byte> body) =>
        MessageCodec.TryReadWelcome(body, out var message, out var error) ? message : throw new FuzzInvariantException("a written Welcome is refused: " + error);

    private static GoodbyeMessage ReadGoodbye(ReadOnlySequence<byte> body) =>
        MessageCodec.TryReadGoodbye(body, out var message, out var error) ? message : throw new FuzzInvariantException("a written Goodbye is refused: " + error);
}
