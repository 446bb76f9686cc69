using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// A frame waiting in a connection's outgoing channel. A struct, so queuing a response or a
/// heartbeat allocates nothing beyond the channel's own storage.
/// </summary>
internal readonly struct OutgoingFrame
{
    private readonly Kind _kind;
    private readonly ulong _batchId;
    private readonly int _count;
    private readonly long _bodyLength;
    private readonly IReadOnlyList<string>? _outputs;
    private readonly string? _text;
    private readonly IReadOnlyList<PredictResult>? _results;
    private readonly ulong _modelTimeUs;
    private readonly int _protocolVersion;

    private OutgoingFrame(Kind kind, ulong batchId, int count, long bodyLength, IReadOnlyList<string>? outputs, string? text, IReadOnlyList<PredictResult>? results = null, int protocolVersion = 0, ulong modelTimeUs = 0)
    {
        _protocolVersion = protocolVersion;
        _modelTimeUs = modelTimeUs;
        _kind = kind;
        _batchId = batchId;
        _count = count;
        _bodyLength = bodyLength;
        _outputs = outputs;
        _text = text;
        _results = results;
    }

    private enum Kind : byte
    {
        Heartbeat,
        Goodbye,
        Outputs,
        Errors,
        Grant,
        ParkedGrant,
        Revoke,
        Results,
    }

    public static OutgoingFrame Heartbeat => default;

    public static OutgoingFrame Grant => new(Kind.Grant, 0, 0, 0, null, null);

    public static OutgoingFrame ParkedGrant => new(Kind.ParkedGrant, 0, 0, 0, null, null);

    public static OutgoingFrame Revoke => new(Kind.Revoke, 0, 0, 0, null, null);

    public static OutgoingFrame Goodbye(string reason) => new(Kind.Goodbye, 0, 0, 0, null, reason);

    /// <summary>Outputs whose body length (in the connection's protocol version) the worker already computed, to check it against MaxFrameBytes.</summary>
    public static OutgoingFrame Outputs(ulong batchId, IReadOnlyList<string> outputs, long bodyLength, int protocolVersion, ulong modelTimeUs) =>
        new(Kind.Outputs, batchId, outputs.Count, bodyLength, outputs, null, null, protocolVersion, modelTimeUs);

    /// <summary>Per-input results (outputs and errors) whose body length the worker already computed.</summary>
    public static OutgoingFrame Results(ulong batchId, IReadOnlyList<PredictResult> results, long bodyLength, int protocolVersion, ulong modelTimeUs) =>
        new(Kind.Results, batchId, results.Count, bodyLength, null, null, results, protocolVersion, modelTimeUs);

    public static OutgoingFrame Errors(ulong batchId, int count, string message, int protocolVersion, ulong modelTimeUs) =>
        new(Kind.Errors, batchId, count, 0, null, message, null, protocolVersion, modelTimeUs);

    public void WriteTo(IBufferWriter<byte> output)
    {
        switch (_kind)
        {
            case Kind.Heartbeat:
                MessageCodec.WriteHeartbeat(output);
                break;
            case Kind.Grant:
            case Kind.ParkedGrant:
                MessageCodec.WriteGrant(output, _kind == Kind.ParkedGrant);
                break;
            case Kind.Revoke:
                MessageCodec.WriteSignal(output, MessageType.Revoke);
                break;
            case Kind.Goodbye:
                MessageCodec.WriteGoodbye(output, new GoodbyeMessage(_text!));
                break;
            case Kind.Outputs:
                BatchResponseWriter.WriteOutputs(output, _batchId, _outputs!, _bodyLength, _protocolVersion, _modelTimeUs);
                break;
            case Kind.Results:
                BatchResponseWriter.WriteResults(output, _batchId, _results!, _bodyLength, _protocolVersion, _modelTimeUs);
                break;
            default:
                BatchResponseWriter.WriteErrors(output, _batchId, _count, _text!, _protocolVersion, _modelTimeUs);
                break;
        }
    }
}
