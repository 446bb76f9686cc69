using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Every <see cref="RequestError"/> the feedback parser returns is built here, in the words of
/// <see cref="RequestErrors"/>: what was expected, with a feedback body as the example, what was received, and
/// where. Runs on the error path only, so it may allocate.
/// </summary>
internal static class UpdateRequestErrors
{
    private const string UidSchema = "a whole number (an int64, from -9223372036854775808 to 9223372036854775807)";

    /// <summary>A valid feedback body, for example <c>{"uid": 0, "input": [1.0, 2.5], "label": 1.0}</c>.</summary>
    public static string Example(InputType type)
    {
        // {"input": X} without its braces is the middle of the feedback body.
        string single = InputSchema.SingleExample(type);
        return "{\"uid\": 0, " + single[1..^1] + ", \"label\": 1.0}";
    }

    /// <summary>The body has no bytes, or only whitespace.</summary>
    public static RequestError EmptyBody(InputType type) => Json(
        "The request body is empty; expected a JSON object such as " + Example(type));

    /// <summary>The body is not valid JSON; <paramref name="exception"/> says where.</summary>
    public static RequestError InvalidJson(InputType type, JsonException exception) => Json(
        "The request body is not valid JSON: " + exception.Message + " Expected a JSON object such as " + Example(type));

    /// <summary>Something other than whitespace follows the body's JSON object.</summary>
    public static RequestError TrailingContent(InputType type, long offset) => Json(
        $"The request body is not valid JSON: unexpected content after the JSON object at byte {offset}. "
        + "Expected exactly one JSON object such as " + Example(type));

    /// <summary>A property name of the body object is not valid Unicode (a <c>\u</c> escape of half a surrogate pair).</summary>
    public static RequestError InvalidPropertyName(InputType type) => Json(
        "The request body is not valid JSON: a property name of the body object is not valid Unicode (a \\u escape of half a surrogate pair). "
        + "Expected a JSON object such as " + Example(type));

    /// <summary>The body nests deeper than <paramref name="maxDepth"/>, where the reader stopped at <paramref name="offset"/>.</summary>
    public static RequestError TooDeep(InputType type, int maxDepth, long offset) => Json(
        $"Expected the body to nest JSON at most {maxDepth} levels deep (option MaxJsonDepth); got deeper nesting after byte {offset}. "
        + "A feedback request needs 2 levels, e.g. " + Example(type));

    /// <summary>The top-level value is not an object.</summary>
    public static RequestError BodyNotObject(InputType type, JsonTokenType received) => Query(
        "Expected the body to be a JSON object with \"uid\", \"input\" and \"label\", e.g. " + Example(type)
        + "; got " + RequestErrors.Describe(received) + " at the top level");

    /// <summary>The body object lacks one or more of its three properties.</summary>
    public static RequestError MissingProperties(InputType type, bool uid, bool input, bool label)
    {
        var missing = new List<string>(3);
        if (uid)
        {
            missing.Add("\"uid\"");
        }

        if (input)
        {
            missing.Add("\"input\"");
        }

        if (label)
        {
            missing.Add("\"label\"");
        }

        string names = missing.Count == 1 ? missing[0]
            : string.Join(", ", missing.GetRange(0, missing.Count - 1)) + " and " + missing[^1];
        return Query("Expected the body to have \"uid\", \"input\" and \"label\", e.g. " + Example(type)
            + "; got an object without " + names);
    }

    /// <summary>The body object repeats <paramref name="property"/>.</summary>
    public static RequestError DuplicateProperty(InputType type, string property) => Query(
        $"Expected \"{property}\" exactly once, e.g. " + Example(type) + "; got it twice");

    /// <summary>The body object has a property other than <c>uid</c>, <c>input</c> and <c>label</c>.</summary>
    public static RequestError UnknownProperty(InputType type, ref Utf8JsonReader reader) => Query(
        "Expected only the properties \"uid\", \"input\" and \"label\", e.g. " + Example(type)
        + "; got an unknown property \"" + RequestErrors.QuotedName(ref reader) + "\"");

    /// <summary><c>uid</c> is not a number.</summary>
    public static RequestError UidWrongKind(InputType type, JsonTokenType received) =>
        Uid(type, RequestErrors.Describe(received));

    /// <summary><c>uid</c> is a number beyond the int64 range.</summary>
    public static RequestError UidOutOfRange(InputType type, ref Utf8JsonReader reader) =>
        Uid(type, RequestErrors.RawNumber(ref reader) + ", which is outside the int64 range,");

    /// <summary><c>uid</c> is a number with a fractional part.</summary>
    public static RequestError UidNotWhole(InputType type, ref Utf8JsonReader reader) =>
        Uid(type, RequestErrors.RawNumber(ref reader) + ", which is not a whole number,");

    /// <summary><c>uid</c> is written with a fraction or exponent and is too large for that form to be exact.</summary>
    public static RequestError UidInexact(InputType type, ref Utf8JsonReader reader) =>
        Uid(type, RequestErrors.RawNumber(ref reader)
            + ", which is at least 2^53 and written with a fraction or exponent, so it may have been rounded (write it as a plain integer),");

    /// <summary><c>label</c> is not a number.</summary>
    public static RequestError LabelWrongKind(InputType type, JsonTokenType received) =>
        Label(type, RequestErrors.Describe(received));

    /// <summary><c>label</c> is a number beyond the float64 range.</summary>
    public static RequestError LabelOutOfRange(InputType type, ref Utf8JsonReader reader) =>
        Label(type, RequestErrors.RawNumber(ref reader) + ", which is outside the float64 range,");

    /// <summary>
    /// An error of predict's input parser about <c>input</c>, with its example (a predict body) replaced by a
    /// feedback body; what was wrong, and where, is the same.
    /// </summary>
    public static RequestError FromInputError(InputType type, RequestError error) => error with
    {
        // Both examples contain the single one, so they are replaced first.
        Cause = error.Cause
            .Replace(InputSchema.BothExamples(type), Example(type), StringComparison.Ordinal)
            .Replace(InputSchema.SingleExample(type), Example(type), StringComparison.Ordinal),
    };

    private static RequestError Uid(InputType type, string received) => Query(
        "Expected \"uid\" to be " + UidSchema + ", e.g. " + Example(type) + "; got " + received + " at \"uid\"");

    private static RequestError Label(InputType type, string received) => Query(
        "Expected \"label\" to be a finite number, e.g. " + Example(type) + "; got " + received + " at \"label\"");

    private static RequestError Json(string cause) => new(RequestError.JsonError, cause);

    private static RequestError Query(string cause) => new(RequestError.QueryProcessingError, cause);
}
