using System.Buffers;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Parses a <c>POST /{app}/predict</c> body — <c>{"input": X}</c> or <c>{"input_batch": [X, ...]}</c> —
/// straight from the request's bytes into <see cref="ParsedInputs"/> in wire form. Streams tokens with
/// <see cref="Utf8JsonReader"/>: no DOM, no per-value allocation; only the error path allocates.
/// </summary>
internal static partial class PredictRequestParser
{
    /// <summary>The default cap on the number of inputs in one <c>input_batch</c>.</summary>
    public const int DefaultMaxInputs = 1000;

    /// <summary>Parses a body with at most <see cref="DefaultMaxInputs"/> inputs per batch.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySequence{byte}, InputType, ParseLimits, ParsedInputs, out RequestError)"/>
    public static bool TryParse(ReadOnlySequence<byte> body, InputType expected, ParsedInputs into, out RequestError error) =>
        TryParse(body, expected, ParseLimits.WithMaxInputs(DefaultMaxInputs), into, out error);

    /// <summary>Parses a body with at most <c>maxInputs</c> inputs per batch and default limits otherwise.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySequence{byte}, InputType, ParseLimits, ParsedInputs, out RequestError)"/>
    public static bool TryParse(ReadOnlySequence<byte> body, InputType expected, int maxInputs, ParsedInputs into, out RequestError error) =>
        TryParse(body, expected, ParseLimits.WithMaxInputs(maxInputs), into, out error);

    /// <summary>Parses a prediction request body.</summary>
    /// <param name="body">The whole request body; may span several segments.</param>
    /// <param name="expected">The application's input type.</param>
    /// <param name="limits">The most inputs per batch, bytes per input and JSON depth.</param>
    /// <param name="into">Receives the inputs; cleared first, and left empty on failure.</param>
    /// <param name="error">Why the body was rejected; meaningful only when this returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="into"/> holds the request's inputs.</returns>
    public static bool TryParse(ReadOnlySequence<byte> body, InputType expected, ParseLimits limits, ParsedInputs into, out RequestError error)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxInputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxInputBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxDepth, ParseLimits.RequiredDepth);
        if (!InputTypes.IsDefined(expected))
        {
            throw new ArgumentOutOfRangeException(nameof(expected), expected, "Expected one of: " + InputTypes.AcceptedNames);
        }

        if (body.IsSingleSegment)
        {
            return TryParseContiguous(body, expected, limits, into, out error);
        }

        // Kestrel hands a body over in 4 KB blocks. Utf8JsonReader walks a multi-segment body on a slower path
        // and splits numbers across blocks, so one copy into a pooled buffer (a memcpy, against the parse's
        // tens of nanoseconds per number) pays for itself: 784 floats parse in about half the time.
        int length = checked((int)body.Length);
        byte[] contiguous = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(contiguous);
            return TryParseContiguous(new ReadOnlySequence<byte>(contiguous, 0, length), expected, limits, into, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contiguous);
        }
    }

    private static bool TryParseContiguous(ReadOnlySequence<byte> body, InputType expected, ParseLimits limits, ParsedInputs into, out RequestError error)
    {
        into.RequestedObjectiveMicros = 0;
        into.Begin(expected, isBatch: false);

        // Strict JSON, as Clipper's parser: no comments, no trailing commas.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        bool parsed;
        try
        {
            parsed = TryParseBody(ref reader, expected, limits, into, out error);
            if (!parsed)
            {
                // A shape error can be found before the reader has seen all of the body. Clipper answers
                // "Json error" for any body that is not JSON, so finish reading before trusting the error.
                ReadToEndOfValue(ref reader);
            }

            // The reader stops after one value; anything but whitespace after it makes the body invalid JSON.
            long trailing = FindContent(body.Slice(reader.Position));
            if (trailing >= 0)
            {
                error = RequestErrors.TrailingContent(expected, reader.BytesConsumed + trailing);
                parsed = false;
            }
        }
        catch (JsonException exception)
        {
            long failedAt = reader.BytesConsumed;
            error = FindContent(body) < 0 ? RequestErrors.EmptyBody(expected)
                : ExceedsDepth(body, limits.MaxDepth, failedAt) ? RequestErrors.TooDeep(expected, limits.MaxDepth, failedAt)
                : RequestErrors.InvalidJson(expected, exception);
            parsed = false;
        }

        if (!parsed)
        {
            into.Reset();
        }

        return parsed;
    }

    private static bool TryParseBody(ref Utf8JsonReader reader, InputType type, ParseLimits limits, ParsedInputs into, out RequestError error)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = RequestErrors.BodyNotObject(type, reader.TokenType);
            return false;
        }

        bool sawInput = false;
        bool sawBatch = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryMatchName(ref reader, out bool isInput, out bool isBatch, out bool isObjective))
            {
                error = RequestErrors.InvalidPropertyName(type);
                return false;
            }

            if (isObjective)
            {
                if (!TryParseObjective(ref reader, type, into, out error))
                {
                    return false;
                }

                continue;
            }

            if (!isInput && !isBatch)
            {
                error = RequestErrors.UnknownProperty(type, ref reader);
                return false;
            }

            if (isInput ? sawInput : sawBatch)
            {
                error = RequestErrors.DuplicateProperty(type, isInput ? "input" : "input_batch");
                return false;
            }

            if (sawInput || sawBatch)
            {
                error = RequestErrors.BothProperties(type);
                return false;
            }

            reader.Read();
            if (isInput)
            {
                sawInput = true;
                if (!TryParseInput(ref reader, type, -1, limits, into, out error))
                {
                    return false;
                }
            }
            else
            {
                sawBatch = true;
                into.Begin(type, isBatch: true);
                if (!TryParseBatch(ref reader, type, limits, into, out error))
                {
                    return false;
                }
            }
        }

        // The loop only ends on the object's end: the reader throws on anything else after a value.
        if (!sawInput && !sawBatch)
        {
            error = RequestErrors.NeitherProperty(type);
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>
    /// Compares the property name the reader is on with <c>input</c>, <c>input_batch</c> and <c>latency_slo_micros</c>;
    /// <see langword="false"/> when the name is not valid Unicode. The reader unescapes an escaped name to compare it, and
    /// throws on a <c>\u</c> escape of half a surrogate pair (found by fuzzing: the request was answered 500).
    /// </summary>
    private static bool TryMatchName(ref Utf8JsonReader reader, out bool isInput, out bool isBatch, out bool isObjective)
    {
        try
        {
            isInput = reader.ValueTextEquals("input"u8);
            isBatch = !isInput && reader.ValueTextEquals("input_batch"u8);
            isObjective = !isInput && !isBatch && reader.ValueTextEquals("latency_slo_micros"u8);
            return true;
        }
        catch (InvalidOperationException)
        {
            isInput = false;
            isBatch = false;
            isObjective = false;
            return false;
        }
    }

    /// <summary>Reads <c>latency_slo_micros</c>: a positive whole number of microseconds, at most once.</summary>
    private static bool TryParseObjective(ref Utf8JsonReader reader, InputType type, ParsedInputs into, out RequestError error)
    {
        if (into.RequestedObjectiveMicros != 0)
        {
            error = RequestErrors.DuplicateProperty(type, "latency_slo_micros");
            return false;
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var micros) || micros <= 0)
        {
            error = RequestErrors.InvalidObjective(type, ref reader);
            return false;
        }

        into.RequestedObjectiveMicros = micros;
        error = default;
        return true;
    }

    /// <summary>Reads past the rest of the top-level value, throwing if the body turns out not to be JSON.</summary>
    internal static void ReadToEndOfValue(ref Utf8JsonReader reader)
    {
        // At depth 0 only a start token leaves the value unfinished; scalars and end tokens complete it.
        if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        while (reader.Read())
        {
            if (reader.CurrentDepth == 0 && reader.TokenType is (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Whether the reader failed at <paramref name="failedAt"/> because the body nests deeper than
    /// <paramref name="maxDepth"/>: a reader allowed one level more gets past that point exactly when it did.
    /// Runs on the error path only.
    /// </summary>
    internal static bool ExceedsDepth(ReadOnlySequence<byte> body, int maxDepth, long failedAt)
    {
        var deeper = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (deeper.Read() && deeper.BytesConsumed <= failedAt)
            {
            }
        }
        catch (JsonException)
        {
            // The same or a later fault: only how far the reader got matters.
        }

        return deeper.BytesConsumed > failedAt;
    }

    /// <summary>The offset in <paramref name="rest"/> of its first byte that is not JSON whitespace, or -1.</summary>
    internal static long FindContent(ReadOnlySequence<byte> rest)
    {
        long offset = 0;
        foreach (ReadOnlyMemory<byte> segment in rest)
        {
            // JSON whitespace is exactly these four bytes (RFC 8259 section 2).
            int index = segment.Span.IndexOfAnyExcept(" \t\r\n"u8);
            if (index >= 0)
            {
                return offset + index;
            }

            offset += segment.Length;
        }

        return -1;
    }
}
