using System.Buffers.Binary;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Fuzz.Seeds;

/// <content>Seeds of the model RPC targets: frames, handshake bodies, batches.</content>
internal static partial class SeedCorpus
{
    private static Dictionary<string, byte[]> Frames()
    {
        byte[] hello = HelloFrame();
        byte[] tooLarge = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(tooLarge, 1 << 20);
        tooLarge[4] = (byte)MessageType.BatchRequest;
        return new(StringComparer.Ordinal)
        {
            ["hello"] = Seed(hello),
            ["welcome"] = Seed(WelcomeFrame()),
            ["heartbeat"] = Seed(Written(MessageCodec.WriteHeartbeat)),
            ["goodbye"] = Seed(GoodbyeFrame(ProtocolConstants.DrainingReason)),
            ["membership"] = Seed(Written(o => MessageCodec.WriteMembership(o, new MembershipMessage(2, [new("frontend-a", "10.0.0.1", 7000), new("frontend-b", "query-frontend-1.local", 7001)])))),
            ["demand"] = Seed(Written(o => MessageCodec.WriteDemand(o, 3, 20))),
            ["grant-parked"] = Seed(Written(o => MessageCodec.WriteGrant(o, parked: true))),
            ["release"] = Seed(Written(o => MessageCodec.WriteSignal(o, MessageType.Release))),
            ["revoke"] = Seed(Written(o => MessageCodec.WriteSignal(o, MessageType.Revoke))),
            ["batch-request"] = Seed(BatchRequestFrame(InputType.Doubles, Doubles(1, 2, 3, 4), Doubles(-0.5))),
            ["batch-response"] = Seed(BatchResponseFrame()),
            ["conversation"] = Seed(Cat(hello, Written(MessageCodec.WriteHeartbeat), BatchResponseFrame(), GoodbyeFrame("stopping"))),
            ["truncated"] = Seed(hello[..^3]),
            ["empty-frame"] = Seed([0, 0, 0, 0, 5]),
            ["too-large"] = Seed(tooLarge),
            ["unknown-type"] = Seed([0, 0, 0, 1, 12]),
        };
    }

    private static Dictionary<string, byte[]> Handshake() => new(StringComparer.Ordinal)
    {
        ["hello"] = Seed(BodyOf(HelloFrame())),
        ["hello-strings"] = Seed(BodyOf(HelloFrame("strings"))),
        ["welcome"] = Seed(BodyOf(WelcomeFrame())),
        ["goodbye"] = Seed(BodyOf(GoodbyeFrame("model version sum:v2 is not registered"))),

        // Version 1 with the version-2 shape, and a hello naming Clipper's alias for integers.
        ["hello-version-1"] = Seed([0x95, 0x01, .. BodyOf(HelloFrame())[2..]]),
        ["hello-alias"] = Seed([0x95, 0x02, 0xA3, .. "sum"u8, 0xA2, .. "v1"u8, 0xA4, .. "ints"u8, 0xA1, .. "c"u8]),
        ["hello-bad-name"] = Seed([0x95, 0x02, 0xA3, .. "Sum"u8, 0xA2, .. "v1"u8, 0xA7, .. "doubles"u8, 0xA1, .. "c"u8]),
        ["welcome-negative-replica"] = Seed([0x94, 0x02, 0xFF, 0xCD, 0x03, 0xE8, 0xA1, .. "f"u8]),
    };

    private static Dictionary<string, byte[]> Batches() => new(StringComparer.Ordinal)
    {
        ["doubles"] = Seed(BodyOf(BatchRequestFrame(InputType.Doubles, Doubles(1, 2, 3, 4), Doubles(0.25, -8)))),
        ["integers"] = Seed(BodyOf(BatchRequestFrame(InputType.Integers, [.. BitConverter.GetBytes(7), .. BitConverter.GetBytes(-1)]))),
        ["floats"] = Seed(BodyOf(BatchRequestFrame(InputType.Floats, BitConverter.GetBytes(1.5f)))),
        ["bytes"] = Seed(BodyOf(BatchRequestFrame(InputType.Bytes, [0, 1, 2, 255], []))),
        ["strings"] = Seed(BodyOf(BatchRequestFrame(InputType.Strings, Encoding.UTF8.GetBytes("hello"), Encoding.UTF8.GetBytes("grüße")))),
        ["empty-batch"] = Seed(BodyOf(BatchRequestFrame(InputType.Doubles))),
        ["odd-length"] = Seed([0x93, 0x01, 0x03, 0x91, 0xC4, 0x03, 1, 2, 3]),
        ["unknown-type-code"] = Seed([0x93, 0x01, 0x09, 0x90]),
        ["response"] = Seed(BodyOf(BatchResponseFrame())),
        ["response-errors"] = Seed(BodyOf(Written(o => BatchResponseWriter.WriteErrors(o, 7, 2, "the model failed")))),

        // Version 3: the trace context fourth (a traceparent, nil, a str that is no traceparent, a wrong type) and the
        // model time third in the answer.
        ["v3-traced"] = Seed(BodyOf(TracedBatchFrame("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8, Doubles(1, 2)))),
        ["v3-untraced"] = Seed(BodyOf(TracedBatchFrame([], Doubles(1, 2)))),
        ["v3-not-a-traceparent"] = Seed(BodyOf(TracedBatchFrame("00-00000000000000000000000000000000-b7ad6b7169203331-01"u8, Doubles(3)))),
        ["v3-trace-wrong-type"] = Seed([0x94, 0x01, 0x03, 0x91, 0xC4, 0x08, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x2A]),
        ["v3-response"] = Seed(BodyOf(Written(o => BatchResponseWriter.Write(o, 42, ["{\"y\": 1.5}", "plain"], ProtocolConstants.Version, 1234)))),
        ["v3-response-errors"] = Seed(BodyOf(Written(o => BatchResponseWriter.WriteErrors(o, 7, 2, "the model failed", ProtocolConstants.Version, 99)))),
    };

    private static byte[] TracedBatchFrame(ReadOnlySpan<byte> traceParent, params byte[][] inputs)
    {
        var trace = traceParent.ToArray();
        return Written(o => BatchRequestWriter.Write(o, 42, InputType.Doubles, [.. inputs.Select(i => (ReadOnlyMemory<byte>)i)], ProtocolConstants.Version, trace));
    }
}
