using System.Buffers;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Frontend side: writes a whole BatchRequest frame, <c>[batch_id, input_type_code, [input, ...]]</c> in version 2,
/// <c>[batch_id, input_type_code, [input, ...], trace_context]</c> in version 3. Allocates nothing: the frame length is computed first, then the inputs are copied once,
/// straight into the output.
/// </summary>
public static class BatchRequestWriter
{
    /// <summary>Writes a whole BatchRequest frame of protocol version 2 (no trace context).</summary>
    /// <param name="output">Where to write, typically the connection's <c>PipeWriter</c>.</param>
    /// <param name="batchId">The batch id, unique per connection.</param>
    /// <param name="inputType">The type of every input.</param>
    /// <param name="inputs">
    /// Each input in wire form: numbers packed little-endian (a multiple of the element size),
    /// raw bytes, or UTF-8 text for <see cref="InputType.Strings"/> (sent as a MessagePack str; the others as bin).
    /// </param>
    /// <exception cref="ArgumentException">A numeric input's length is not a multiple of its element size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The input type is not defined, or the frame would exceed 2 GiB.</exception>
    public static void Write(IBufferWriter<byte> output, ulong batchId, InputType inputType, ReadOnlySpan<ReadOnlyMemory<byte>> inputs) =>
        Write(output, batchId, inputType, inputs, ProtocolConstants.MinimumVersion, default);

    /// <summary>Writes a whole BatchRequest frame in the shape of <paramref name="protocolVersion"/>.</summary>
    /// <param name="output">Where to write, typically the connection's <c>PipeWriter</c>.</param>
    /// <param name="batchId">The batch id, unique per connection.</param>
    /// <param name="inputType">The type of every input.</param>
    /// <param name="inputs">The inputs in wire form, as for <see cref="Write(IBufferWriter{byte}, ulong, InputType, ReadOnlySpan{ReadOnlyMemory{byte}})"/>.</param>
    /// <param name="protocolVersion">The connection's version: 2 writes no trace context, 3 writes <paramref name="traceParent"/>.</param>
    /// <param name="traceParent">
    /// Version 3: the batch span's W3C traceparent as UTF-8 (see <see cref="TraceParent.Format"/>), sent as a str; empty
    /// sends <c>nil</c> (no trace). Ignored in version 2.
    /// </param>
    public static void Write(IBufferWriter<byte> output, ulong batchId, InputType inputType, ReadOnlySpan<ReadOnlyMemory<byte>> inputs, int protocolVersion, ReadOnlySpan<byte> traceParent)
    {
        ArgumentNullException.ThrowIfNull(output);
        bool traced = protocolVersion >= ProtocolConstants.TracingVersion;
        long bodyLength = GetBodyLength(batchId, inputType, inputs) + (traced ? GetTraceContextLength(traceParent.Length) : 0);

        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.BatchRequest, bodyLength);
        writer.WriteArrayHeader(traced ? 4 : 3);
        writer.Write(batchId);
        writer.Write((int)inputType);
        writer.WriteArrayHeader(inputs.Length);
        if (inputType == InputType.Strings)
        {
            foreach (ReadOnlyMemory<byte> input in inputs)
            {
                writer.WriteString(input.Span);
            }
        }
        else
        {
            foreach (ReadOnlyMemory<byte> input in inputs)
            {
                writer.Write(input.Span);
            }
        }

        if (traced)
        {
            if (traceParent.IsEmpty)
            {
                writer.WriteNil();
            }
            else
            {
                writer.WriteString(traceParent);
            }
        }

        writer.Flush();
    }

    /// <summary>
    /// The bytes the trace context adds to a version 3 BatchRequest: <c>nil</c> for none, else a str of the traceparent's
    /// length. A sender that does not know yet whether it will trace passes <see cref="ProtocolConstants.TraceParentLength"/>.
    /// </summary>
    /// <param name="traceParentLength">The traceparent's UTF-8 length, 0 for none.</param>
    /// <returns>The bytes in the frame.</returns>
    public static long GetTraceContextLength(int traceParentLength) =>
        traceParentLength == 0 ? 1 : MessagePackSize.OfString(traceParentLength);

    /// <summary>
    /// The size of the frame <see cref="Write(IBufferWriter{byte}, ulong, InputType, ReadOnlySpan{ReadOnlyMemory{byte}})"/> (version 2) would produce, length prefix included, so a
    /// sender can compare it with the receiver's <c>MaxFrameBytes</c> before sending.
    /// </summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="inputType">The type of every input.</param>
    /// <param name="inputs">The inputs in wire form.</param>
    /// <returns>The frame size in bytes.</returns>
    public static long GetFrameLength(ulong batchId, InputType inputType, ReadOnlySpan<ReadOnlyMemory<byte>> inputs) =>
        ProtocolConstants.FrameHeaderBytes + GetBodyLength(batchId, inputType, inputs);

    /// <summary>
    /// The bytes of a BatchRequest frame besides its inputs (length prefix, type byte and headers),
    /// for a sender that adds inputs one at a time while keeping the frame under the receiver's
    /// <c>MaxFrameBytes</c>. Together with <see cref="GetInputLength"/> it sums to <see cref="GetFrameLength"/>.
    /// </summary>
    /// <param name="batchId">The batch id; a larger one gives an upper bound.</param>
    /// <param name="inputType">The type of every input.</param>
    /// <param name="inputCount">The number of inputs; an upper bound gives an upper bound.</param>
    /// <returns>The overhead in bytes.</returns>
    public static long GetFrameOverhead(ulong batchId, InputType inputType, int inputCount) =>
        ProtocolConstants.FrameHeaderBytes
        + MessagePackSize.OfArrayHeader(3)
        + MessagePackSize.OfUInt(batchId)
        + MessagePackSize.OfInt((int)inputType)
        + MessagePackSize.OfArrayHeader(inputCount);

    /// <summary>The bytes one input takes in a BatchRequest frame (its header and its bytes).</summary>
    /// <param name="inputType">The type of every input of the batch.</param>
    /// <param name="inputLength">The input's length in wire form.</param>
    /// <returns>The input's size in the frame.</returns>
    public static long GetInputLength(InputType inputType, int inputLength) =>
        inputType == InputType.Strings ? MessagePackSize.OfString(inputLength) : MessagePackSize.OfBin(inputLength);

    private static long GetBodyLength(ulong batchId, InputType inputType, ReadOnlySpan<ReadOnlyMemory<byte>> inputs)
    {
        if (!InputTypes.IsDefined(inputType))
        {
            throw new ArgumentOutOfRangeException(nameof(inputType), inputType, "Expected one of: " + InputTypes.AcceptedNames);
        }

        long length = GetFrameOverhead(batchId, inputType, inputs.Length) - ProtocolConstants.FrameHeaderBytes;
        int elementSize = inputType.ElementSize();
        for (int i = 0; i < inputs.Length; i++)
        {
            int inputLength = inputs[i].Length;
            if (inputLength % elementSize != 0)
            {
                throw new ArgumentException(
                    $"Input {i} holds {inputLength} bytes; {inputType.ToName()} inputs must be a multiple of {elementSize} bytes.",
                    nameof(inputs));
            }

            length += GetInputLength(inputType, inputLength);
        }

        return length;
    }
}
