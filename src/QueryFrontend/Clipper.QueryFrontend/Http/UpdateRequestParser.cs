using System.Buffers;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Parses a <c>POST /{app}/update</c> body — Clipper's feedback, <c>{"uid": 7, "input": X, "label": 1.0}</c> —
/// straight from the request's bytes: the input into <see cref="ParsedInputs"/> in wire form, exactly as
/// <see cref="PredictRequestParser"/> reads <c>"input"</c>, and the scalars into a <see cref="FeedbackRequest"/>.
/// Streams tokens with <see cref="Utf8JsonReader"/>: no DOM; only the error path allocates.
/// </summary>
internal static partial class UpdateRequestParser
{
    /// <summary>The least depth a valid body needs: the object and an input's array.</summary>
    public const int RequiredDepth = 2;

    // The properties seen so far, one bit each.
    private const int Uid = 1;
    private const int Input = 2;
    private const int Label = 4;
    private const int AllProperties = Uid | Input | Label;

    /// <summary>Parses a feedback request body.</summary>
    /// <param name="body">The whole request body; may span several segments.</param>
    /// <param name="type">The application's input type.</param>
    /// <param name="limits">The most bytes per input and the JSON depth (the inputs per batch do not apply: one input).</param>
    /// <param name="into">Receives the one input (<see cref="ParsedInputs.IsBatch"/> false); cleared first, and left empty on failure.</param>
    /// <param name="feedback">The uid and label; meaningful only when this returns <see langword="true"/>.</param>
    /// <param name="error">Why the body was rejected; meaningful only when this returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="into"/> holds the input and <paramref name="feedback"/> the rest.</returns>
    public static bool TryParse(ReadOnlySequence<byte> body, InputType type, ParseLimits limits, ParsedInputs into, out FeedbackRequest feedback, out RequestError error)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxInputBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxDepth, RequiredDepth);
        if (!InputTypes.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Expected one of: " + InputTypes.AcceptedNames);
        }

        if (body.IsSingleSegment)
        {
            return TryParseContiguous(body, type, limits, into, out feedback, out error);
        }

        // As for predict: one copy of a multi-segment body into a pooled buffer costs less than the reader's
        // multi-segment path, and an input (784 floats, say) is most of the body.
        int length = checked((int)body.Length);
        byte[] contiguous = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(contiguous);
            return TryParseContiguous(new ReadOnlySequence<byte>(contiguous, 0, length), type, limits, into, out feedback, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contiguous);
        }
    }

    private static bool TryParseContiguous(ReadOnlySequence<byte> body, InputType type, ParseLimits limits, ParsedInputs into, out FeedbackRequest feedback, out RequestError error)
    {
        into.Begin(type, isBatch: false);
        into.RequestedObjectiveMicros = 0;

        // Strict JSON, as Clipper's parser: no comments, no trailing commas.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        bool parsed;
        try
        {
            parsed = TryParseBody(ref reader, type, limits, into, out feedback, out error);
            if (!parsed)
            {
                // Clipper answers "Json error" for any body that is not JSON, even one with a shape error first.
                PredictRequestParser.ReadToEndOfValue(ref reader);
            }

            long trailing = PredictRequestParser.FindContent(body.Slice(reader.Position));
            if (trailing >= 0)
            {
                error = UpdateRequestErrors.TrailingContent(type, reader.BytesConsumed + trailing);
                parsed = false;
            }
        }
        catch (JsonException exception)
        {
            long failedAt = reader.BytesConsumed;
            error = PredictRequestParser.FindContent(body) < 0 ? UpdateRequestErrors.EmptyBody(type)
                : PredictRequestParser.ExceedsDepth(body, limits.MaxDepth, failedAt) ? UpdateRequestErrors.TooDeep(type, limits.MaxDepth, failedAt)
                : UpdateRequestErrors.InvalidJson(type, exception);
            feedback = default;
            parsed = false;
        }

        if (!parsed)
        {
            feedback = default;
            into.Reset();
        }

        return parsed;
    }
}
