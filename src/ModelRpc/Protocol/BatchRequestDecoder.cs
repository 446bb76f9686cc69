using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Container side: decodes a BatchRequest body, <c>[batch_id, input_type_code, [input, ...]]</c> (version 2) or
/// <c>[batch_id, input_type_code, [input, ...], trace_context]</c> (version 3), into typed inputs. Problems are returned as values, never thrown.
/// </summary>
public static class BatchRequestDecoder
{
    /// <summary>Decodes a BatchRequest body of protocol version 2, copying each input once out of the receive buffer.</summary>
    /// <typeparam name="TInput">The predict function's input type.</typeparam>
    /// <param name="body">The frame body.</param>
    /// <param name="decoder">The decoder for the container's input type.</param>
    /// <param name="batch">The batch; see <see cref="BatchDecodeStatus"/> for which members are valid.</param>
    /// <returns>Whether the batch was decoded, rejected (answer every input with the error) or malformed (close the connection).</returns>
    public static BatchDecodeStatus Decode<TInput>(in ReadOnlySequence<byte> body, InputDecoder<TInput> decoder, out DecodedBatch<TInput> batch) =>
        Decode(body, ProtocolConstants.MinimumVersion, decoder, out batch);

    /// <summary>
    /// Decodes a BatchRequest body in the shape of <paramref name="protocolVersion"/>. In version 3 the trace context is
    /// <c>nil</c> or a str: a str that is not a valid traceparent is ignored (the batch is decoded without a trace
    /// context); any other MessagePack type makes the body malformed.
    /// </summary>
    /// <typeparam name="TInput">The predict function's input type.</typeparam>
    /// <param name="body">The frame body.</param>
    /// <param name="protocolVersion">The connection's protocol version (2 or 3).</param>
    /// <param name="decoder">The decoder for the container's input type.</param>
    /// <param name="batch">The batch; see <see cref="BatchDecodeStatus"/> for which members are valid.</param>
    /// <returns>Whether the batch was decoded, rejected (answer every input with the error) or malformed (close the connection).</returns>
    public static BatchDecodeStatus Decode<TInput>(in ReadOnlySequence<byte> body, int protocolVersion, InputDecoder<TInput> decoder, out DecodedBatch<TInput> batch)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var reader = new MessagePackReader(body);
        bool traced = protocolVersion >= ProtocolConstants.TracingVersion;
        ulong batchId = 0;
        int count = -1;
        string? error;
        try
        {
            if (!MessagePackFields.TryReadArrayHeader(ref reader, "BatchRequest", traced ? 4 : 3, out error)
                || !MessagePackFields.TryReadUInt64(ref reader, "BatchRequest.batch_id", out batchId, out error)
                || !MessagePackFields.TryReadInt32(ref reader, "BatchRequest.input_type_code", int.MinValue, out int code, out error)
                || !MessagePackFields.TryReadArrayHeader(ref reader, "BatchRequest.inputs", out count, out error))
            {
                return Fail(BatchDecodeStatus.Malformed, 0, 0, error, out batch);
            }

            // From here the batch id and count are known, so a mismatch between the inputs and the
            // container's type is answered per batch: dropping the connection would make the
            // frontend re-queue the same batch to the next replica, and fail there too.
            if (code != (int)decoder.InputType)
            {
                error = ProtocolErrors.OutOfRange(
                    "BatchRequest.input_type_code",
                    string.Create(CultureInfo.InvariantCulture, $"{(int)decoder.InputType} ({decoder.InputType.ToName()}), the type this container serves"),
                    DescribeTypeCode(code));
                return Fail(BatchDecodeStatus.Rejected, batchId, count, error, out batch);
            }

            TInput[] inputs = count == 0 ? [] : new TInput[count];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!decoder.TryDecode(ref reader, out TInput? input, out error))
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"BatchRequest input {i} of {count}: {error}");
                    return Fail(BatchDecodeStatus.Rejected, batchId, count, error, out batch);
                }

                inputs[i] = input;
            }

            ActivityContext traceContext = default;
            if ((traced && !TryReadTraceContext(ref reader, out traceContext, out error))
                || !MessagePackFields.TryReadEnd(ref reader, "BatchRequest", out error))
            {
                return Fail(BatchDecodeStatus.Malformed, 0, 0, error, out batch);
            }

            batch = new DecodedBatch<TInput>(batchId, count, inputs, null, traceContext);
            return BatchDecodeStatus.Decoded;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            return Fail(BatchDecodeStatus.Malformed, 0, 0, ProtocolErrors.NotWellFormed("BatchRequest", ex), out batch);
        }
    }

    private static bool TryReadTraceContext(ref MessagePackReader reader, out ActivityContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        context = default;
        error = null;
        if (reader.TryReadNil())
        {
            return true;
        }

        if (reader.End || reader.NextMessagePackType != MessagePackType.String)
        {
            error = ProtocolErrors.WrongType("BatchRequest.trace_context", "nil or a str (a W3C traceparent)", ref reader);
            return false;
        }

        ReadOnlySequence<byte> text = reader.ReadStringSequence()!.Value;
        if (text.Length == ProtocolConstants.TraceParentLength)
        {
            Span<byte> utf8 = stackalloc byte[ProtocolConstants.TraceParentLength];
            text.CopyTo(utf8);
            TraceParent.TryParse(utf8, out context);
        }

        return true;
    }

    private static BatchDecodeStatus Fail<TInput>(BatchDecodeStatus status, ulong batchId, int count, string error, out DecodedBatch<TInput> batch)
    {
        batch = new DecodedBatch<TInput>(batchId, count, [], error, default);
        return status;
    }

    private static string DescribeTypeCode(int code) =>
        code is >= (int)InputType.Integers and <= (int)InputType.Strings
            ? string.Create(CultureInfo.InvariantCulture, $"{code} ({((InputType)code).ToName()})")
            : code.ToString(CultureInfo.InvariantCulture);
}
