using System.Buffers.Binary;
using System.Text;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.Fuzz.Seeds;

/// <content>Seeds of the ZMTP targets: handshakes, and Clipper's messages as docs/clipper-rpc.md describes them.</content>
internal static partial class SeedCorpus
{
    private static Dictionary<string, byte[]> Zmtp() => new(StringComparer.Ordinal)
    {
        ["dealer-3.1"] = Seed(Cat(PeerGreeting(), ZmtpReady("DEALER"))),
        ["dealer-3.0"] = Seed(Cat(PeerGreeting(minor: 0), ZmtpReady("DEALER"))),
        ["dealer-then-heartbeat"] = Seed(Cat(PeerGreeting(), ZmtpReady("DEALER"), Message([], U32(2)))),
        ["router"] = Seed(Cat(PeerGreeting(), ZmtpReady("ROUTER"))),
        ["curve"] = Seed(PeerGreeting(mechanism: "CURVE")),
        ["zmtp-2"] = Seed(PeerGreeting(major: 2)),
        ["error-command"] = Seed(Cat(PeerGreeting(), Written(o => ZmtpCommand.Write(o, "ERROR"u8, [5, .. "nope."u8])))),
        ["message-before-ready"] = Seed(Cat(PeerGreeting(), Message([]))),
        ["greeting-only"] = Seed(PeerGreeting()),
    };

    private static Dictionary<string, byte[]> ClipperRpc()
    {
        byte[] metadata = Message([], U32(0), Utf8("sum"), Utf8("1"), Utf8("3"), U32(3));
        byte[] heartbeat = Message([], U32(2));
        byte[] answer = Answer(17, "{\"y\": 1}", "0.5");
        byte[] ping = Written(o => ZmtpCommand.Write(o, "PING"u8, [0, 10, .. "ctx"u8]));
        return new(StringComparer.Ordinal)
        {
            ["heartbeat"] = Seed(heartbeat),
            ["metadata"] = Seed(metadata),
            ["metadata-without-rpc-version"] = Seed(Message([], U32(0), Utf8("sum"), Utf8("1"), Utf8("3"))),
            ["answer"] = Seed(answer),
            ["answer-empty"] = Seed(Answer(18)),
            ["answer-long-output"] = Seed(Answer(19, new string('x', 300))),
            ["answer-many-outputs"] = Seed(Answer(20, "a", "b", "c", "d", "e", "f")),
            ["ping"] = Seed(ping),
            ["pong"] = Seed(Written(o => ZmtpCommand.Write(o, "PONG"u8, "ctx"u8))),
            ["session"] = Seed(Cat(heartbeat, metadata, heartbeat, answer, ping, Answer(21, "done"))),
            ["unknown-type"] = Seed(Message([], U32(7))),
            ["header-mismatch"] = Seed(Message([], U32(1), U32(5), U64(16), [.. U64(2), .. U64(1)])),
        };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A multipart message: every frame but the last with MORE, written by the frontend's frame writer.</summary>
    private static byte[] Message(params byte[][] frames) => Written(o =>
    {
        for (int i = 0; i < frames.Length; i++)
        {
            ZmtpFrameWriter.WriteFrame(o, frames[i], more: i < frames.Length - 1);
        }
    });

    /// <summary>A container's answer: <c>"", u32 1, u32 id, u64 header size, header (u64 N, N u64 sizes), outputs</c>.</summary>
    private static byte[] Answer(uint messageId, params string[] outputs)
    {
        byte[][] bodies = [.. outputs.Select(Utf8)];
        byte[] header = [.. U64((ulong)bodies.Length), .. bodies.SelectMany(b => U64((ulong)b.Length))];
        return Message([[], U32(1), U32(messageId), U64((ulong)header.Length), header, .. bodies]);
    }
}
