using System.Buffers;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class BatchResponseWriter
{
    /// <summary>Writes a response holding one result per input, in order: outputs as <c>str</c>, errors as <c>[error_message]</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="results">The results; none may have a <see langword="null"/> text.</param>
    /// <exception cref="ArgumentException">A result's text is <see langword="null"/>.</exception>
    public static void WriteResults(IBufferWriter<byte> output, ulong batchId, IReadOnlyList<PredictResult> results) =>
        WriteResults(output, batchId, results, ProtocolConstants.MinimumVersion, 0);

    /// <summary>Writes a response holding one result per input, in the shape of <paramref name="protocolVersion"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="results">The results; none may have a <see langword="null"/> text.</param>
    /// <param name="protocolVersion">The connection's version: 3 adds <paramref name="modelTimeUs"/>.</param>
    /// <param name="modelTimeUs">The microseconds the predict function took for the batch (version 3).</param>
    /// <exception cref="ArgumentException">A result's text is <see langword="null"/>.</exception>
    public static void WriteResults(IBufferWriter<byte> output, ulong batchId, IReadOnlyList<PredictResult> results, int protocolVersion, ulong modelTimeUs)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteResults(output, batchId, results, GetResultsBodyLength(batchId, results) + TailLength(protocolVersion, modelTimeUs), protocolVersion, modelTimeUs);
    }

    /// <summary>The size of the frame <see cref="WriteResults(IBufferWriter{byte}, ulong, IReadOnlyList{PredictResult})"/> would produce, length prefix included.</summary>
    /// <param name="batchId">The request's batch id.</param>
    /// <param name="results">The results.</param>
    /// <returns>The frame size in bytes.</returns>
    public static long GetResultsFrameLength(ulong batchId, IReadOnlyList<PredictResult> results) =>
        ProtocolConstants.FrameHeaderBytes + GetResultsBodyLength(batchId, results);

    /// <summary>Writes results whose body length was already computed.</summary>
    internal static void WriteResults(IBufferWriter<byte> output, ulong batchId, IReadOnlyList<PredictResult> results, long bodyLength, int protocolVersion, ulong modelTimeUs)
    {
        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.BatchResponse, bodyLength);
        writer.WriteArrayHeader(HasTail(protocolVersion) ? 3 : 2);
        writer.Write(batchId);
        int count = results.Count;
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
        {
            PredictResult result = results[i];
            if (result.IsError)
            {
                writer.WriteArrayHeader(1);
            }

            writer.Write(result.Text);
        }

        WriteTail(ref writer, protocolVersion, modelTimeUs);
        writer.Flush();
    }

    internal static long GetResultsBodyLength(ulong batchId, IReadOnlyList<PredictResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        int count = results.Count;
        long length = MessagePackSize.OfArrayHeader(2) + MessagePackSize.OfUInt(batchId) + MessagePackSize.OfArrayHeader(count);
        for (int i = 0; i < count; i++)
        {
            PredictResult result = results[i];
            string? text = result.Text ?? throw new ArgumentException($"Result {i} of {count} has a null text; expected an output or an error message.", nameof(results));
            length += (result.IsError ? MessagePackSize.OfArrayHeader(1) : 0) + MessagePackSize.OfString(text);
        }

        return length;
    }
}
