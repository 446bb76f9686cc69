using System.Buffers;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.Fuzz.Seeds;

/// <summary>
/// The seed inputs of every target, built with the project's own writers (frames, batches, ZMTP) or taken from the
/// documentation (JSON bodies, Clipper's messages): valid ones and near misses. Each starts with the byte that
/// chooses the segment cut.
/// </summary>
internal static partial class SeedCorpus
{
    // The first byte of every seed: cuts a body of up to 255 bytes at its 37th byte, inside most headers and tokens.
    private const byte CutByte = 37;

    /// <summary>The seeds of the target called <paramref name="target"/>, by file name.</summary>
    public static IReadOnlyDictionary<string, byte[]> For(string target) => target switch
    {
        "frame" => Frames(),
        "handshake" => Handshake(),
        "batch" => Batches(),
        "predict-body" => PredictBodies(),
        "management-request" => ManagementRequests(),
        "zmtp" => Zmtp(),
        "clipper-rpc" => ClipperRpc(),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Expected the name of a target (Clipper.Fuzz list)."),
    };

    /// <summary>Writes the seeds of <paramref name="target"/> into <paramref name="folder"/>; returns how many.</summary>
    public static int Write(string target, string folder)
    {
        Directory.CreateDirectory(folder);
        var seeds = For(target);
        foreach (var (name, bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(folder, "seed-" + name), bytes);
        }

        return seeds.Count;
    }

    private static byte[] Seed(ReadOnlySpan<byte> data) => [CutByte, .. data];

    private static byte[] Seed(string text) => Seed(Encoding.UTF8.GetBytes(text));

    private static byte[] Written(Action<ArrayBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A frame's body: what follows the length prefix and the type byte.</summary>
    private static byte[] BodyOf(byte[] frame) => frame[ProtocolConstants.FrameHeaderBytes..];

    private static byte[] HelloFrame(string inputType = "doubles") =>
        Written(o => MessageCodec.WriteHello(o, new HelloMessage(ProtocolConstants.Version, "sum", "v1", InputTypes.TryParse(inputType, out var t) ? t : InputType.Doubles, "host-1234")));

    private static byte[] WelcomeFrame() =>
        Written(o => MessageCodec.WriteWelcome(o, new WelcomeMessage(ProtocolConstants.Version, 3, 1000, "frontend-a")));

    private static byte[] GoodbyeFrame(string reason) => Written(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage(reason)));

    private static byte[] BatchRequestFrame(InputType type, params byte[][] inputs) =>
        Written(o => BatchRequestWriter.Write(o, 42, type, [.. inputs.Select(i => (ReadOnlyMemory<byte>)i)]));

    private static byte[] BatchResponseFrame() =>
        Written(o => BatchResponseWriter.WriteResults(o, 42, [PredictResult.Output("{\"y\": 1.5}"), PredictResult.Error("input 1: expected 4 doubles"), PredictResult.Output("plain")]));

    private static byte[] Doubles(params double[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] PeerGreeting(byte major = 3, byte minor = 1, string mechanism = "NULL")
    {
        var greeting = ZmtpGreeting.Server.ToArray();
        greeting[10] = major;
        greeting[11] = minor;
        greeting.AsSpan(12, 20).Clear();
        Encoding.ASCII.GetBytes(mechanism).CopyTo(greeting, 12);
        return greeting;
    }

    private static byte[] ZmtpReady(string socketType) => Written(o => ZmtpCommand.WriteReady(o, socketType));
}
