using System.Buffers;
using System.Text;
using Clipper.QueryFrontend.ClipperRpc;
using Clipper.QueryFrontend.Tests.Zmtp;
using static Clipper.QueryFrontend.Tests.Zmtp.ZmtpBytes;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

public sealed class ClipperMessageReaderTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>An answer as Clipper 0.4's rpc.py sends it.</summary>
    private static byte[] Answer(uint messageId, params string[] outputs)
    {
        var encoded = outputs.Select(Utf8).ToArray();
        byte[] header = [.. U64((ulong)outputs.Length), .. encoded.SelectMany(o => U64((ulong)o.Length))];
        return Message([[], U32(1), U32(messageId), U64((ulong)header.Length), header, .. encoded]);
    }

    private static (string? Error, List<string> Events) Read(byte[] bytes, byte minor = 1)
    {
        var sink = new RecordingSink();
        var reader = new ClipperMessageReader(4);
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = ClipperFrames.Parse(ref buffer, reader, sink, minor, 1 << 20, out _);
        return (error, sink.Events);
    }

    [Fact]
    public void Read_HeartbeatMetadataAndAnswerAtEverySplit_HandsEachMessageOver()
    {
        byte[] bytes =
        [
            .. Message([], U32(2)),
            .. Message([], U32(0), Utf8("m"), Utf8("1"), Utf8("3"), U32(3)),
            .. Answer(7, "[1.0]", "plain text", ""),
        ];
        foreach (var sequence in Sequences.AllSplits(bytes))
        {
            var sink = new RecordingSink();
            var reader = new ClipperMessageReader(1);
            var buffer = sequence;
            var events = new List<string>();
            Assert.Null(ClipperFrames.Parse(ref buffer, reader, sink, 1, 1 << 20, out _));

            Assert.Equal(0, buffer.Length);
            Assert.True(reader.AtMessageBoundary);
            Assert.Equal(["heartbeat", "metadata m 1 3 3", "answer 7 of 3", "output 0 [1.0]", "output 1 plain text", "output 2 ", "end"], sink.Events);
        }
    }

    [Fact]
    public void Read_MetadataWithoutRpcVersion_ReportsNoVersion()
    {
        var (error, events) = Read(Message([], U32(0), Utf8("m"), Utf8("1"), Utf8("3")));

        Assert.Null(error);
        Assert.Equal(["metadata m 1 3 none"], events);
    }

    [Fact]
    public void Read_AnswerWithNoOutput_StartsAndEndsIt()
    {
        var (error, events) = Read(Answer(3));

        Assert.Null(error);
        Assert.Equal(["answer 3 of 0", "end"], events);
    }

    [Fact]
    public void Read_PingFromAZmtp31Peer_HandsOverItsContext()
    {
        var (error, events) = Read(Frame(Command("PING", [0, 10, 0xAB]), command: true));

        Assert.Null(error);
        Assert.Equal(["ping AB"], events);
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "delimiter with bytes", Message([1], U32(2)), "starts with an empty delimiter frame; got a frame of 1 bytes" },
        { "lone delimiter", Frame([]), "a lone empty frame" },
        { "short type", Message([], [2, 0]), "type frame holds 2 bytes" },
        { "unknown type", Message([], U32(9)), "unknown message type 9; expected 0 (new container), 1 (container content) or 2 (heartbeat)" },
        { "heartbeat with more", Message([], U32(2), U32(0)), "frames after a heartbeat's type" },
        { "metadata that ends at its type", Message([], U32(0)), "a message of type 0 that ends after its type" },
        { "metadata without version", Message([], U32(0), Utf8("m")), "ends at its model name" },
        { "metadata name too long", Message([], U32(0), new byte[300], Utf8("1"), Utf8("3")), "model name of a metadata message is 300 bytes; at most 256" },
        { "metadata not UTF-8", Message([], U32(0), [0xC3, 0x28], Utf8("1"), Utf8("3")), "not valid UTF-8" },
        { "version of 2 bytes", Message([], U32(0), Utf8("m"), Utf8("1"), Utf8("3"), [3, 0]), "RPC version frame of a metadata message holds 2 bytes" },
        { "frames after the version", Message([], U32(0), Utf8("m"), Utf8("1"), Utf8("3"), U32(3), []), "frames after the RPC version" },
        { "message id of 8 bytes", Message([], U32(1), U64(1), U64(8), U64(0)), "message id frame of an answer holds 8 bytes" },
        { "answer ending at its id", Message([], U32(1), U32(1)), "answer 1 ends at its message id" },
        { "header size mismatch", Message([], U32(1), U32(1), U64(16), U64(0)), "output header of answer 1 is 8 bytes; the frame before it said 16" },
        { "header count mismatch", Message([], U32(1), U32(1), U64(16), [.. U64(5), .. U64(1)], [1]), "counts 5 outputs but holds 1 sizes" },
        { "header not of u64s", Message([], U32(1), U32(1), U64(4), U32(0)), "expected u64 N then N u64 sizes" },
        { "output size mismatch", Message([], U32(1), U32(1), U64(16), [.. U64(1), .. U64(3)], Utf8("four")), "output 0 of answer 1 is 4 bytes; its output header said 3" },
        { "answer cut short", Message([], U32(1), U32(1), U64(24), [.. U64(2), .. U64(1), .. U64(1)], Utf8("a")), "answer 1 ends after output 0; it announced 2 outputs" },
        { "answer with an extra frame", [.. Frame([], more: true), .. Frame(U32(1), more: true), .. Frame(U32(1), more: true), .. Frame(U64(16), more: true), .. Frame([.. U64(1), .. U64(1)], more: true), .. Frame(Utf8("a"), more: true), .. Frame([])], "frames after the last output (1) of answer 1" },
        { "ERROR command", Frame(Command("ERROR", [3, (byte)'b', (byte)'a', (byte)'d']), command: true), "the container sent ERROR: bad" },
        { "READY after the handshake", Frame(Command("READY", []), command: true), "the command READY after the handshake" },
        { "PING without a TTL", Frame(Command("PING", [1]), command: true), "a PING of 1 bytes" },
        { "PING with a long context", Frame(Command("PING", new byte[20]), command: true), "at most 16 bytes of context" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_MalformedMessage_SaysWhatWasWrong(string what, byte[] bytes, string expected)
    {
        var (error, _) = Read(bytes);

        Assert.True(error is not null && error.Contains(expected, StringComparison.Ordinal), $"{what}: {error ?? "no error"}");
    }

    [Fact]
    public void Read_PingFromAZmtp30Peer_IsAProtocolError()
    {
        var (error, _) = Read(Frame(Command("PING", [0, 10]), command: true), minor: 0);

        Assert.Equal("a PING from a ZMTP 3.0 peer; PING exists from ZMTP 3.1", error);
    }

    [Fact]
    public void Read_AnswerLargerThanTheExpectedBatch_IsStillRead()
    {
        var outputs = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var (error, events) = Read(Answer(1, outputs));

        Assert.Null(error);
        Assert.Equal(12, events.Count);
    }

    [Fact]
    public void Read_RandomFrames_NeverThrow()
    {
        var random = new Random(14);
        byte[][] pieces = [[], U32(0), U32(1), U32(2), U32(3), U64(0), U64(1), U64(16), Utf8("m"), [.. U64(1), .. U64(1)], [1]];
        for (var i = 0; i < 5000; i++)
        {
            var frames = Enumerable.Range(0, random.Next(1, 9)).Select(_ => pieces[random.Next(pieces.Length)]).ToArray();
            var bytes = frames.SelectMany(f => Frame(f, more: random.Next(3) > 0)).ToArray();

            var exception = Record.Exception(() => Read(bytes));

            Assert.Null(exception);
        }
    }
}
