using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Oip;

/// <content>Checking the tensor against the model and the limits, then converting its data row by row.</content>
internal static partial class OipRequestParser
{
    private static bool TryCheckTensor(ReadOnlySpan<byte> body, in TensorHeader tensor, ModelVersionId model, InputType expected, ParseLimits limits, out string error)
    {
        string? missing = !tensor.HasName ? "name" : !tensor.HasDatatype ? "datatype" : !tensor.HasShape ? "shape" : !tensor.HasData ? "data" : null;
        if (missing is not null)
        {
            error = OipErrors.MissingMember(body, in tensor, missing);
            return false;
        }

        if (!OipDatatypes.Accepts(expected, tensor.Datatype))
        {
            error = OipErrors.WrongDatatype(body, in tensor, model, expected);
            return false;
        }

        if (tensor.Rank == 0 || tensor.Rows == 0)
        {
            error = OipErrors.NoRows(body, in tensor);
            return false;
        }

        if (tensor.Rows < 0 || tensor.Rows > limits.MaxInputs)
        {
            error = OipErrors.TooManyRows(body, in tensor, limits.MaxInputs);
            return false;
        }

        if (OipDatatypes.IsOneElementPerRow(expected))
        {
            if (tensor.RowElements != 1)
            {
                error = OipErrors.TextRowNotOneElement(body, in tensor, model, expected);
                return false;
            }
        }
        else if (tensor.RowElements > limits.MaxInputBytes / expected.ElementSize())
        {
            error = OipErrors.RowTooLarge(body, in tensor, expected, limits.MaxInputBytes);
            return false;
        }

        error = "";
        return true;
    }

    private static bool TryParseData(ReadOnlySpan<byte> body, in TensorHeader tensor, ModelVersionId model, InputType type, ParseLimits limits, ParsedInputs into, out string error)
    {
        var reader = new Utf8JsonReader(body[tensor.DataStart..tensor.DataEnd], new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = OipErrors.WrongKind(OipErrors.DataWhere(body, in tensor), "an array", reader.TokenType);
            return false;
        }

        long total = tensor.Rows * tensor.RowElements;
        bool text = OipDatatypes.IsOneElementPerRow(type);
        long count = 0;
        long inRow = 0;
        int depth = 1;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                if (++depth > tensor.Rank)
                {
                    error = OipErrors.DataTooDeep(body, in tensor);
                    return false;
                }

                continue;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                if (--depth == 0)
                {
                    break;
                }

                continue;
            }

            if (count == total)
            {
                error = OipErrors.ElementCount(body, in tensor, count + CountRest(ref reader), total);
                return false;
            }

            bool converted = text
                ? TryAppendText(ref reader, body, in tensor, type, count, limits.MaxInputBytes, into, out error)
                : TryAppendNumber(ref reader, body, in tensor, type, count, into, out error);
            if (!converted)
            {
                return false;
            }

            count++;
            if (!text && ++inRow == tensor.RowElements)
            {
                into.EndInput();
                inRow = 0;
            }
        }

        if (count != total)
        {
            error = OipErrors.ElementCount(body, in tensor, count, total);
            return false;
        }

        // Rows of no elements ([batch, 0]) are empty inputs, as Clipper's predict allows.
        for (long row = tensor.RowElements == 0 ? 0 : tensor.Rows; row < tensor.Rows; row++)
        {
            into.EndInput();
        }

        error = "";
        return true;
    }

    private static bool TryAppendNumber(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, in TensorHeader tensor, InputType type, long index, ParsedInputs into, out string error)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            error = OipErrors.ElementNotNumber(body, in tensor, index, reader.TokenType);
            return false;
        }

        switch (type)
        {
            case InputType.Integers:
                if (!TryGetWholeInt32(ref reader, out int integer))
                {
                    error = OipErrors.ElementNotInt32(body, in tensor, index, ref reader);
                    return false;
                }

                into.WriteInt32(integer);
                break;
            case InputType.Floats:
                if (!JsonNumbers.TryGetSingle(ref reader, out float single) || !float.IsFinite(single))
                {
                    error = OipErrors.ElementOutOfRange(body, in tensor, index, ref reader);
                    return false;
                }

                into.WriteSingle(single);
                break;
            default:
                // An FP32 tensor's values are float32s written in decimal: round once to float32, then widen exactly.
                double number;
                bool ok;
                if (tensor.Datatype == OipDatatype.Fp32)
                {
                    ok = JsonNumbers.TryGetSingle(ref reader, out float narrow);
                    number = narrow;
                }
                else
                {
                    ok = JsonNumbers.TryGetDouble(ref reader, out number);
                }

                if (!ok || !double.IsFinite(number))
                {
                    error = OipErrors.ElementOutOfRange(body, in tensor, index, ref reader);
                    return false;
                }

                into.WriteDouble(number);
                break;
        }

        error = "";
        return true;
    }

    /// <summary>An int32, also from a whole number written with a fraction or exponent (<c>2.0</c>), as Clipper's predict reads it.</summary>
    private static bool TryGetWholeInt32(ref Utf8JsonReader reader, out int value)
    {
        if (JsonNumbers.TryGetInt32(ref reader, out value))
        {
            return true;
        }

        if (!JsonNumbers.TryGetDouble(ref reader, out double number) || number is < int.MinValue or > int.MaxValue || number != Math.Floor(number))
        {
            return false;
        }

        value = (int)number;
        return true;
    }

    private static bool TryAppendText(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, in TensorHeader tensor, InputType type, long index, int maxInputBytes, ParsedInputs into, out string error)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            error = OipErrors.ElementNotString(body, in tensor, index, reader.TokenType);
            return false;
        }

        // Unescaping never lengthens a string, so the raw token length bounds what CopyString writes.
        Span<byte> destination = into.GetSpan(reader.ValueSpan.Length);
        int written;
        try
        {
            written = reader.CopyString(destination);
        }
        catch (InvalidOperationException)
        {
            error = OipErrors.ElementNotUtf8(body, in tensor, index);
            return false;
        }

        if (type == InputType.Bytes && Base64.DecodeFromUtf8InPlace(destination[..written], out written) != OperationStatus.Done)
        {
            error = OipErrors.ElementNotBase64(body, in tensor, index);
            return false;
        }

        if (written > maxInputBytes)
        {
            error = OipErrors.ElementTooLarge(body, in tensor, index, written, maxInputBytes);
            return false;
        }

        into.Advance(written);
        into.EndInput();
        error = "";
        return true;
    }

    /// <summary>Counts the values from the one the reader is on to the end of the data (error path only).</summary>
    private static long CountRest(ref Utf8JsonReader reader)
    {
        long count = 0;
        do
        {
            if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.EndArray))
            {
                count++;
                if (reader.TokenType is JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }
        }
        while (reader.Read());
        return count;
    }
}
