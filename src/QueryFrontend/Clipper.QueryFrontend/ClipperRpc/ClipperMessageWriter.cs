using System.Buffers;
using System.Buffers.Binary;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// Writes the frontend's messages to a Clipper container straight into the connection's pipe: the ROUTER's identity
/// frame is not on the wire (a TCP connection is one peer), so each message starts with the empty delimiter.
/// </summary>
internal static class ClipperMessageWriter
{
    // The frames before a batch's inputs: delimiter, version, type, message id, request type, header size.
    private const long BatchPreambleBytes = 2 + (4 * (2 + sizeof(uint))) + 2 + sizeof(ulong);

    /// <summary>A heartbeat reply: <c>u32 3</c>, <c>u32 2</c>, <c>u32 kind</c>.</summary>
    public static void WriteHeartbeat(IBufferWriter<byte> output, uint kind)
    {
        ZmtpFrameWriter.WriteFrame(output, [], more: true);
        ZmtpFrameWriter.WriteUInt32(output, ClipperProtocol.RpcVersion, more: true);
        ZmtpFrameWriter.WriteUInt32(output, ClipperProtocol.Heartbeat, more: true);
        ZmtpFrameWriter.WriteUInt32(output, kind, more: false);
    }

    /// <summary>
    /// A batch: <c>u32 3</c>, <c>u32 1</c>, <c>u32 message id</c>, <c>u32 0</c> (predict), <c>u64 H</c>, the input header
    /// (<c>u64</c> Clipper's input type code, <c>u64 N</c>, N × <c>u64</c> input sizes), then one frame per input holding
    /// its bytes as they are (numbers are already little-endian arrays, strings UTF-8).
    /// </summary>
    public static void WriteBatch(IBufferWriter<byte> output, uint messageId, InputType inputType, ReadOnlySpan<ReadOnlyMemory<byte>> inputs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(inputs.Length);
        ZmtpFrameWriter.WriteFrame(output, [], more: true);
        ZmtpFrameWriter.WriteUInt32(output, ClipperProtocol.RpcVersion, more: true);
        ZmtpFrameWriter.WriteUInt32(output, ClipperProtocol.ContainerContent, more: true);
        ZmtpFrameWriter.WriteUInt32(output, messageId, more: true);
        ZmtpFrameWriter.WriteUInt32(output, ClipperProtocol.Predict, more: true);
        var headerBytes = InputHeaderBytes(inputs.Length);
        ZmtpFrameWriter.WriteUInt64(output, (ulong)headerBytes, more: true);
        ZmtpFrameWriter.WriteHeader(output, headerBytes, ZmtpFrameFlags.More);
        WriteUInt64(output, ClipperInputTypes.ToCode(inputType));
        WriteUInt64(output, (ulong)inputs.Length);
        foreach (var input in inputs)
        {
            WriteUInt64(output, (ulong)input.Length);
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            ZmtpFrameWriter.WriteFrame(output, inputs[i].Span, more: i < inputs.Length - 1);
        }
    }

    /// <summary>The bytes of a batch message besides its inputs' frames, for a batch of <paramref name="count"/> inputs.</summary>
    public static long GetBatchOverhead(int count)
    {
        var header = InputHeaderBytes(count);
        return BatchPreambleBytes + ZmtpFrameWriter.HeaderLength(header) + header;
    }

    /// <summary>The bytes one input takes in a batch message: its frame header and its bytes.</summary>
    public static long GetInputBytes(int inputLength) => ZmtpFrameWriter.HeaderLength(inputLength) + inputLength;

    private static int InputHeaderBytes(int count) => (2 + count) * sizeof(ulong);

    private static void WriteUInt64(IBufferWriter<byte> output, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(output.GetSpan(sizeof(ulong)), value);
        output.Advance(sizeof(ulong));
    }
}
