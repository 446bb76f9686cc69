using System.Buffers;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Protocol;

/// <summary>
/// Valid bodies with bytes flipped or cut off: every reader must answer with a value or an
/// error, never an exception. Seeds are fixed so a failure reproduces.
/// </summary>
public class DecoderFuzzTests
{
    public static TheoryData<string> ValidBodies() =>
    [
        "hello", "welcome", "goodbye", "integers", "floats", "doubles", "bytes", "strings", "response", "errors",
    ];

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public void TryReadAndDecode_EveryTruncation_NeverThrow(string name)
    {
        byte[] body = Body(name);
        for (int length = 0; length < body.Length; length++)
        {
            ReadWithEveryReader(body[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public void TryReadAndDecode_RandomByteFlips_NeverThrow(string name)
    {
        byte[] body = Body(name);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = (byte[])body.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            ReadWithEveryReader(mutated);
        }
    }

    private static void ReadWithEveryReader(byte[] bytes)
    {
        var body = new ReadOnlySequence<byte>(bytes);
        MessageCodec.TryReadHello(body, out _, out _);
        MessageCodec.TryReadWelcome(body, out _, out _);
        MessageCodec.TryReadGoodbye(body, out _, out _);
        MessageCodec.TryReadHeartbeat(body, out _);
        BatchRequestDecoder.Decode(body, InputDecoder.Create<int[]>(InputType.Integers), out _);
        BatchRequestDecoder.Decode(body, InputDecoder.Create<float[]>(InputType.Floats), out _);
        BatchRequestDecoder.Decode(body, InputDecoder.Create<double[]>(InputType.Doubles), out _);
        BatchRequestDecoder.Decode(body, InputDecoder.Create<byte[]>(InputType.Bytes), out _);
        BatchRequestDecoder.Decode(body, InputDecoder.Create<string>(InputType.Strings), out _);
        if (BatchResponseReader.TryCreate(body, out BatchResponseReader reader, out _))
        {
            while (reader.TryReadNext(out _, out _, out _))
            {
            }
        }
    }

    private static byte[] Body(string name)
    {
        byte[] frame = name switch
        {
            "hello" => Bodies.Written(o => MessageCodec.WriteHello(o, new HelloMessage(ProtocolConstants.Version, "model", "v1", InputType.Bytes, "host-1"))),
            "welcome" => Bodies.Written(o => MessageCodec.WriteWelcome(o, new WelcomeMessage(ProtocolConstants.Version, 300, 1000, "frontend-1"))),
            "goodbye" => Bodies.Written(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage("draining"))),
            "integers" => Request(InputType.Integers, WireInputs.PackInts([1, 2, 3]), WireInputs.PackInts([-4])),
            "floats" => Request(InputType.Floats, WireInputs.PackFloats([1.5f, 2.5f])),
            "doubles" => Request(InputType.Doubles, WireInputs.PackDoubles([1.5, 2.5]), []),
            "bytes" => Request(InputType.Bytes, [1, 2, 3], new byte[300]),
            "strings" => Request(InputType.Strings, Encoding.UTF8.GetBytes("héllo"), Encoding.UTF8.GetBytes(new string('s', 40))),
            "response" => Bodies.Written(o => BatchResponseWriter.Write(o, 5, ["a", "{\"b\": 1}", new string('c', 300)])),
            _ => Bodies.Written(o => BatchResponseWriter.WriteErrors(o, 5, 3, "failed")),
        };
        return frame[ProtocolConstants.FrameHeaderBytes..];
    }

    private static byte[] Request(InputType inputType, params byte[][] inputs)
    {
        ReadOnlyMemory<byte>[] memory = [.. inputs.Select(i => (ReadOnlyMemory<byte>)i)];
        return Bodies.Written(o => BatchRequestWriter.Write(o, 77, inputType, memory));
    }
}
