using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <content>Parsing <c>input_batch</c> and each input (the X of <c>{"input": X}</c>) into wire form.</content>
internal static partial class PredictRequestParser
{
    /// <summary>Parses the value the reader is on as one input; <paramref name="batchIndex"/> is -1 outside a batch.</summary>
    internal static bool TryParseInput(ref Utf8JsonReader reader, InputType type, int batchIndex, ParseLimits limits, ParsedInputs into, out RequestError error) =>
        type is InputType.Bytes or InputType.Strings
            ? TryParseText(ref reader, type, batchIndex, limits.MaxInputBytes, into, out error)
            : TryParseNumbers(ref reader, type, batchIndex, limits.MaxInputBytes, into, out error);

    private static bool TryParseBatch(ref Utf8JsonReader reader, InputType type, ParseLimits limits, ParsedInputs into, out RequestError error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = RequestErrors.BatchNotArray(type, RequestErrors.Describe(reader.TokenType));
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (into.Count == limits.MaxInputs)
            {
                error = RequestErrors.TooManyInputs(type, limits.MaxInputs);
                return false;
            }

            if (!TryParseInput(ref reader, type, into.Count, limits, into, out error))
            {
                return false;
            }
        }

        if (into.Count == 0)
        {
            error = RequestErrors.BatchNotArray(type, "an empty array");
            return false;
        }

        error = default;
        return true;
    }

    private static bool TryParseNumbers(ref Utf8JsonReader reader, InputType type, int batchIndex, int maxInputBytes, ParsedInputs into, out RequestError error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = RequestErrors.WrongKind(type, batchIndex, -1, reader.TokenType);
            return false;
        }

        // One compare per element instead of a size computation: the wire form is elements times a fixed size.
        int maxElements = maxInputBytes / InputTypes.ElementSize(type);
        int element = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (element == maxElements)
            {
                int elements = element + CountRemainingElements(ref reader);
                error = RequestErrors.InputTooLarge(type, batchIndex, (long)elements * InputTypes.ElementSize(type), maxInputBytes);
                return false;
            }

            if (reader.TokenType != JsonTokenType.Number)
            {
                error = RequestErrors.WrongKind(type, batchIndex, element, reader.TokenType);
                return false;
            }

            switch (type)
            {
                case InputType.Integers:
                    if (!TryGetWholeInt32(ref reader, out int integer, out bool outOfRange))
                    {
                        error = RequestErrors.BadInteger(type, batchIndex, element, ref reader, outOfRange);
                        return false;
                    }

                    into.WriteInt32(integer);
                    break;

                case InputType.Floats:
                    // TryGetSingle rounds the text straight to float32 (no double rounding), but it answers
                    // infinity for out-of-range values instead of failing; tiny values round to zero.
                    if (!JsonNumbers.TryGetSingle(ref reader, out float single) || !float.IsFinite(single))
                    {
                        error = RequestErrors.NumberOutOfRange(type, batchIndex, element, ref reader);
                        return false;
                    }

                    into.WriteSingle(single);
                    break;

                default:
                    if (!JsonNumbers.TryGetDouble(ref reader, out double number) || !double.IsFinite(number))
                    {
                        error = RequestErrors.NumberOutOfRange(type, batchIndex, element, ref reader);
                        return false;
                    }

                    into.WriteDouble(number);
                    break;
            }

            element++;
        }

        into.EndInput();
        error = default;
        return true;
    }

    /// <summary>
    /// Counts the elements of the array the reader is in, from the one it is on to the array's end, which it
    /// leaves the reader on. Runs on the error path only, to say how large a refused input is.
    /// </summary>
    private static int CountRemainingElements(ref Utf8JsonReader reader)
    {
        int depth = reader.CurrentDepth;
        int count = 1;
        while (reader.Read() && !(reader.CurrentDepth < depth && reader.TokenType == JsonTokenType.EndArray))
        {
            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Reads an int32, also accepting whole numbers written with a fraction or exponent (<c>2.0</c>,
    /// <c>1e3</c>): clients that serialize every number as a double still mean an integer.
    /// </summary>
    private static bool TryGetWholeInt32(ref Utf8JsonReader reader, out int value, out bool outOfRange)
    {
        if (JsonNumbers.TryGetInt32(ref reader, out value))
        {
            outOfRange = false;
            return true;
        }

        if (!JsonNumbers.TryGetDouble(ref reader, out double number) || !double.IsFinite(number))
        {
            outOfRange = true;
            return false;
        }

        outOfRange = number is < int.MinValue or > int.MaxValue;
        if (outOfRange || number != Math.Floor(number))
        {
            return false;
        }

        value = (int)number;
        return true;
    }

    private static bool TryParseText(ref Utf8JsonReader reader, InputType type, int batchIndex, int maxInputBytes, ParsedInputs into, out RequestError error)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            error = RequestErrors.WrongKind(type, batchIndex, -1, reader.TokenType);
            return false;
        }

        // Unescaping never lengthens a string, so the raw token length bounds what CopyString writes.
        int rawLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Span<byte> destination = into.GetSpan(rawLength);
        int written;
        try
        {
            written = reader.CopyString(destination);
        }
        catch (InvalidOperationException)
        {
            // The reader checks UTF-8 only when it copies a string, and reports it by throwing.
            error = RequestErrors.InvalidUtf8(type, batchIndex);
            return false;
        }

        if (type == InputType.Bytes)
        {
            // Decoding in place: base64 output is shorter than its input, so nothing is copied twice.
            if (Base64.DecodeFromUtf8InPlace(destination[..written], out written) != OperationStatus.Done)
            {
                error = RequestErrors.InvalidBase64(batchIndex);
                return false;
            }
        }

        if (written > maxInputBytes)
        {
            error = RequestErrors.InputTooLarge(type, batchIndex, written, maxInputBytes);
            return false;
        }

        into.Advance(written);
        into.EndInput();
        error = default;
        return true;
    }
}
