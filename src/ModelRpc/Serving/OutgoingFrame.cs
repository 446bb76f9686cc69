using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// A frame waiting in a connection's outgoing channel. A struct, so queuing a response or a
/// heartbeat allocates nothing beyond the channel's own storage.
/// </summary>
internal readonly struct OutgoingFrame
{
    private readonly Kind kind;
    private readonly ulong batchId;
    private readonly int count;
    private readonly long bodyLength;
    private readonly IReadOnlyList<string>? outputs;
    private readonly string? text;

    private OutgoingFrame(Kind kind, ulong batchId, int count, long bodyLength, IReadOnlyList<string>? outputs, string? text)
    {
        this.kind = kind;
        this.batchId = batchId;
        this.count = count;
        this.bodyLength = bodyLength;
        this.outputs = outputs;
        this.text = text;
    }

    private enum Kind : byte
    {
        Heartbeat,
        Goodbye,
        Outputs,
        Errors,
    }

    public static OutgoingFrame Heartbeat => default;

    public static OutgoingFrame Goodbye(string reason) => new(Kind.Goodbye, 0, 0, 0, null, reason);

    /// <summary>Outputs whose body length the worker already computed (to check it against MaxFrameBytes).</summary>
    public static OutgoingFrame Outputs(ulong batchId, IReadOnlyList<string> outputs, long bodyLength) =>
        new(Kind.Outputs, batchId, outputs.Count, bodyLength, outputs, null);

    public static OutgoingFrame Errors(ulong batchId, int count, string message) => new(Kind.Errors, batchId, count, 0, null, message);

    public void WriteTo(IBufferWriter<byte> output)
    {
        switch (kind)
        {
            case Kind.Heartbeat:
                MessageCodec.WriteHeartbeat(output);
                break;
            case Kind.Goodbye:
                MessageCodec.WriteGoodbye(output, new GoodbyeMessage(text!));
                break;
            case Kind.Outputs:
                BatchResponseWriter.WriteOutputs(output, batchId, outputs!, bodyLength);
                break;
            default:
                BatchResponseWriter.WriteErrors(output, batchId, count, text!);
                break;
        }
    }
}
