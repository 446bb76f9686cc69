using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <content>The body object's three properties, in any order, each exactly once.</content>
internal static partial class UpdateRequestParser
{
    // Below 2^53 a double is exact for every whole number; from there on a uid written with a fraction or exponent
    // may have been rounded to a neighbour (2^53 + 1 reads as 2^53), which would credit the feedback to another query.
    private const double ExactWholeBound = 9007199254740992d;

    private static bool TryParseBody(ref Utf8JsonReader reader, InputType type, ParseLimits limits, ParsedInputs into, out FeedbackRequest feedback, out RequestError error)
    {
        feedback = default;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = UpdateRequestErrors.BodyNotObject(type, reader.TokenType);
            return false;
        }

        int seen = 0;
        long uid = 0;
        double label = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryMatchName(ref reader, out int property))
            {
                error = UpdateRequestErrors.InvalidPropertyName(type);
                return false;
            }

            if (property == 0)
            {
                error = UpdateRequestErrors.UnknownProperty(type, ref reader);
                return false;
            }

            if ((seen & property) != 0)
            {
                error = UpdateRequestErrors.DuplicateProperty(type, NameOf(property));
                return false;
            }

            seen |= property;
            reader.Read();
            bool ok = property switch
            {
                Uid => TryReadUid(ref reader, type, out uid, out error),
                Label => TryReadLabel(ref reader, type, out label, out error),
                _ => TryReadInput(ref reader, type, limits, into, out error),
            };
            if (!ok)
            {
                return false;
            }
        }

        // The loop only ends on the object's end: the reader throws on anything else after a value.
        if (seen != AllProperties)
        {
            error = UpdateRequestErrors.MissingProperties(type, (seen & Uid) == 0, (seen & Input) == 0, (seen & Label) == 0);
            return false;
        }

        feedback = new FeedbackRequest(uid, label);
        error = default;
        return true;
    }

    /// <summary>
    /// Which property the reader is on (<see cref="Uid"/>, <see cref="Input"/>, <see cref="Label"/>, or 0 for another);
    /// <see langword="false"/> when the name is not valid Unicode: the reader throws comparing a <c>\u</c> escape of
    /// half a surrogate pair, which must be a 400, not a 500.
    /// </summary>
    private static bool TryMatchName(ref Utf8JsonReader reader, out int property)
    {
        try
        {
            property = reader.ValueTextEquals("uid"u8) ? Uid
                : reader.ValueTextEquals("input"u8) ? Input
                : reader.ValueTextEquals("label"u8) ? Label
                : 0;
            return true;
        }
        catch (InvalidOperationException)
        {
            property = 0;
            return false;
        }
    }

    private static string NameOf(int property) => property switch
    {
        Uid => "uid",
        Input => "input",
        _ => "label",
    };

    /// <summary>Reads <c>input</c> exactly as predict reads it, then names the feedback body in the error's example.</summary>
    private static bool TryReadInput(ref Utf8JsonReader reader, InputType type, ParseLimits limits, ParsedInputs into, out RequestError error)
    {
        if (PredictRequestParser.TryParseInput(ref reader, type, -1, limits, into, out error))
        {
            return true;
        }

        error = UpdateRequestErrors.FromInputError(type, error);
        return false;
    }

    /// <summary>
    /// Reads <c>uid</c>: an int64, also written with a fraction or exponent (<c>7.0</c>, <c>1e3</c>) as predict's
    /// integers are, when below 2^53 in magnitude, where that form is exact.
    /// </summary>
    private static bool TryReadUid(ref Utf8JsonReader reader, InputType type, out long uid, out RequestError error)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            uid = 0;
            error = UpdateRequestErrors.UidWrongKind(type, reader.TokenType);
            return false;
        }

        if (reader.TryGetInt64(out uid))
        {
            error = default;
            return true;
        }

        // The body is contiguous here (TryParse copies a multi-segment one), so the token is in ValueSpan. A plain
        // integer that is not an int64 is out of range, whatever the double it reads as.
        if (reader.ValueSpan.IndexOfAny(".eE"u8) < 0
            || !JsonNumbers.TryGetDouble(ref reader, out double number) || !double.IsFinite(number)
            || number is < long.MinValue or >= -(double)long.MinValue)
        {
            error = UpdateRequestErrors.UidOutOfRange(type, ref reader);
            return false;
        }

        if (number != Math.Floor(number))
        {
            error = UpdateRequestErrors.UidNotWhole(type, ref reader);
            return false;
        }

        if (Math.Abs(number) >= ExactWholeBound)
        {
            error = UpdateRequestErrors.UidInexact(type, ref reader);
            return false;
        }

        uid = (long)number;
        error = default;
        return true;
    }

    /// <summary>Reads <c>label</c>: any finite number, whole or not.</summary>
    private static bool TryReadLabel(ref Utf8JsonReader reader, InputType type, out double label, out RequestError error)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            label = 0;
            error = UpdateRequestErrors.LabelWrongKind(type, reader.TokenType);
            return false;
        }

        if (!JsonNumbers.TryGetDouble(ref reader, out label) || !double.IsFinite(label))
        {
            label = 0;
            error = UpdateRequestErrors.LabelOutOfRange(type, ref reader);
            return false;
        }

        error = default;
        return true;
    }
}
