using System.Buffers;
using System.Text;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Container side: writes a whole BatchResponse frame, <c>[batch_id, [result, ...]]</c> in version 2 and
/// <c>[batch_id, [result, ...], model_time_us]</c> in version 3, where a result is an output <c>str</c> or a one-element
/// array <c>[error_message]</c> and <c>model_time_us</c> the microseconds the predict function took for the batch.
/// The overloads without a protocol version write version 2.
/// </summary>
public static partial class BatchResponseWriter
{
    /// <summary>Writes a response holding one output per input, in order.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="outputs">The outputs; none may be <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An output is <see langword="null"/>.</exception>
    public static void Write(IBufferWriter<byte> output, ulong batchId, IReadOnlyList<string> outputs) =>
        Write(output, batchId, outputs, ProtocolConstants.MinimumVersion, 0);

    /// <summary>Writes a response holding one output per input, in the shape of <paramref name="protocolVersion"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="outputs">The outputs; none may be <see langword="null"/>.</param>
    /// <param name="protocolVersion">The connection's version: 3 adds <paramref name="modelTimeUs"/>.</param>
    /// <param name="modelTimeUs">The microseconds the predict function took for the batch (version 3).</param>
    /// <exception cref="ArgumentException">An output is <see langword="null"/>.</exception>
    public static void Write(IBufferWriter<byte> output, ulong batchId, IReadOnlyList<string> outputs, int protocolVersion, ulong modelTimeUs)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteOutputs(output, batchId, outputs, GetOutputsBodyLength(batchId, outputs, protocolVersion, modelTimeUs), protocolVersion, modelTimeUs);
    }

    /// <summary>Writes a response that answers every one of <paramref name="count"/> inputs with the same error.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="count">The number of inputs in the request.</param>
    /// <param name="errorMessage">Why the batch failed.</param>
    public static void WriteErrors(IBufferWriter<byte> output, ulong batchId, int count, string errorMessage) =>
        WriteErrors(output, batchId, count, errorMessage, ProtocolConstants.MinimumVersion, 0);

    /// <summary>Writes a response that answers every input with the same error, in the shape of <paramref name="protocolVersion"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="count">The number of inputs in the request.</param>
    /// <param name="errorMessage">Why the batch failed.</param>
    /// <param name="protocolVersion">The connection's version: 3 adds <paramref name="modelTimeUs"/>.</param>
    /// <param name="modelTimeUs">The microseconds the predict function took (0 when it did not run).</param>
    public static void WriteErrors(IBufferWriter<byte> output, ulong batchId, int count, string errorMessage, int protocolVersion, ulong modelTimeUs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int messageBytes = Encoding.UTF8.GetByteCount(errorMessage);
        long bodyLength = GetErrorsBodyLength(batchId, count, messageBytes) + TailLength(protocolVersion, modelTimeUs);

        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.BatchResponse, bodyLength);
        writer.WriteArrayHeader(HasTail(protocolVersion) ? 3 : 2);
        writer.Write(batchId);
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
        {
            writer.WriteArrayHeader(1);
            writer.Write(errorMessage);
        }

        WriteTail(ref writer, protocolVersion, modelTimeUs);
        writer.Flush();
    }

    /// <summary>
    /// The size of the frame <see cref="Write(IBufferWriter{byte}, ulong, IReadOnlyList{string})"/> (version 2) would produce, length prefix included, so a
    /// container can answer with errors instead when the outputs exceed <c>MaxFrameBytes</c>.
    /// </summary>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="outputs">The outputs.</param>
    /// <returns>The frame size in bytes.</returns>
    public static long GetFrameLength(ulong batchId, IReadOnlyList<string> outputs) =>
        ProtocolConstants.FrameHeaderBytes + GetOutputsBodyLength(batchId, outputs);

    /// <summary>The size of the frame <see cref="WriteErrors(IBufferWriter{byte}, ulong, int, string)"/> (version 2) would produce, length prefix included.</summary>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="count">The number of inputs.</param>
    /// <param name="errorMessage">The error message.</param>
    /// <returns>The frame size in bytes.</returns>
    public static long GetErrorsFrameLength(ulong batchId, int count, string errorMessage) =>
        ProtocolConstants.FrameHeaderBytes + GetErrorsBodyLength(batchId, count, Encoding.UTF8.GetByteCount(errorMessage));

    /// <summary>Writes outputs whose body length was already computed, so it is not computed twice.</summary>
    internal static void WriteOutputs(IBufferWriter<byte> output, ulong batchId, IReadOnlyList<string> outputs, long bodyLength, int protocolVersion, ulong modelTimeUs)
    {
        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.BatchResponse, bodyLength);
        writer.WriteArrayHeader(HasTail(protocolVersion) ? 3 : 2);
        writer.Write(batchId);
        int count = outputs.Count;
        writer.WriteArrayHeader(count);

        // Indexing, not foreach: enumerating an IReadOnlyList<T> through the interface allocates.
        for (int i = 0; i < count; i++)
        {
            writer.Write(outputs[i]);
        }

        WriteTail(ref writer, protocolVersion, modelTimeUs);
        writer.Flush();
    }

    internal static long GetOutputsBodyLength(ulong batchId, IReadOnlyList<string> outputs, int protocolVersion, ulong modelTimeUs) =>
        GetOutputsBodyLength(batchId, outputs) + TailLength(protocolVersion, modelTimeUs);

    internal static bool HasTail(int protocolVersion) => protocolVersion >= ProtocolConstants.TracingVersion;

    internal static long TailLength(int protocolVersion, ulong modelTimeUs) => HasTail(protocolVersion) ? MessagePackSize.OfUInt(modelTimeUs) : 0;

    internal static void WriteTail(ref MessagePackWriter writer, int protocolVersion, ulong modelTimeUs)
    {
        if (HasTail(protocolVersion))
        {
            writer.Write(modelTimeUs);
        }
    }

    internal static long GetOutputsBodyLength(ulong batchId, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        int count = outputs.Count;
        long length = MessagePackSize.OfArrayHeader(2) + MessagePackSize.OfUInt(batchId) + MessagePackSize.OfArrayHeader(count);
        for (int i = 0; i < count; i++)
        {
            string? value = outputs[i] ?? throw new ArgumentException($"Output {i} of {count} is null; expected a string.", nameof(outputs));
            length += MessagePackSize.OfString(value);
        }

        return length;
    }

    private static long GetErrorsBodyLength(ulong batchId, int count, int messageBytes) =>
        MessagePackSize.OfArrayHeader(2)
        + MessagePackSize.OfUInt(batchId)
        + MessagePackSize.OfArrayHeader(count)
        + (count * (MessagePackSize.OfArrayHeader(1) + MessagePackSize.OfString(messageBytes)));
}
