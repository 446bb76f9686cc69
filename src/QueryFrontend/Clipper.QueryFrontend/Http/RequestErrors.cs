using System.Buffers;
using System.Text;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Every <see cref="RequestError"/> the request parser returns is built here, so causes read alike:
/// what was expected (with an example), what was received, and where. Runs on the error path only,
/// so it may allocate.
/// </summary>
internal static class RequestErrors
{
    // Received values are quoted in causes, cut short so a hostile body cannot inflate the response.
    private const int MaxQuotedNumberLength = 40;
    private const int MaxQuotedNameLength = 100;

    /// <summary>The body has no bytes, or only whitespace.</summary>
    public static RequestError EmptyBody(InputType type) => Json(
        "The request body is empty; expected a JSON object such as " + InputSchema.BothExamples(type));

    /// <summary>The body is not valid JSON; <paramref name="exception"/> says where.</summary>
    public static RequestError InvalidJson(InputType type, JsonException exception) => Json(
        "The request body is not valid JSON: " + exception.Message
        + " Expected a JSON object such as " + InputSchema.BothExamples(type));

    /// <summary>Something other than whitespace follows the body's JSON object.</summary>
    public static RequestError TrailingContent(InputType type, long offset) => Json(
        $"The request body is not valid JSON: unexpected content after the JSON object at byte {offset}. "
        + "Expected exactly one JSON object such as " + InputSchema.BothExamples(type));

    /// <summary>A string input holds bytes that are not UTF-8, which JSON text must be.</summary>
    public static RequestError InvalidUtf8(InputType type, int batchIndex) => Json(
        "The request body is not valid JSON: the string at \"" + (batchIndex < 0 ? "input" : $"input_batch[{batchIndex}]")
        + "\" is not valid UTF-8. Expected a JSON object such as " + InputSchema.BothExamples(type));

    /// <summary>A property name of the body object is not valid Unicode (a <c>\u</c> escape of half a surrogate pair).</summary>
    public static RequestError InvalidPropertyName(InputType type) => Json(
        "The request body is not valid JSON: a property name of the body object is not valid Unicode (a \\u escape of half a surrogate pair). "
        + "Expected a JSON object such as " + InputSchema.BothExamples(type));

    /// <summary>The top-level value is not an object.</summary>
    public static RequestError BodyNotObject(InputType type, JsonTokenType received) => Query(
        "Expected the body to be a JSON object with \"input\" or \"input_batch\", e.g. "
        + InputSchema.BothExamples(type) + "; got " + Describe(received) + " at the top level");

    /// <summary>The body object has neither <c>input</c> nor <c>input_batch</c>.</summary>
    public static RequestError NeitherProperty(InputType type) => Query(
        "Expected the body to have an \"input\" or an \"input_batch\" property, e.g. "
        + InputSchema.BothExamples(type) + "; got an object with neither");

    /// <summary>The body object has both <c>input</c> and <c>input_batch</c>.</summary>
    public static RequestError BothProperties(InputType type) => Query(
        "Expected exactly one of \"input\" and \"input_batch\", e.g. "
        + InputSchema.BothExamples(type) + "; got both");

    /// <summary>The body object repeats <paramref name="property"/>.</summary>
    public static RequestError DuplicateProperty(InputType type, string property) => Query(
        $"Expected \"{property}\" at most once, e.g. " + InputSchema.BothExamples(type) + "; got it twice");

    /// <summary>The body object has a property other than <c>input</c> and <c>input_batch</c>.</summary>
    public static RequestError UnknownProperty(InputType type, ref Utf8JsonReader reader) => Query(
        "Expected only an \"input\" or an \"input_batch\" property (and optionally \"latency_slo_micros\"), e.g. " + InputSchema.BothExamples(type)
        + "; got an unknown property \"" + Truncate(PropertyName(ref reader), MaxQuotedNameLength) + "\"");

    /// <summary><c>latency_slo_micros</c> is not a positive whole number.</summary>
    public static RequestError InvalidObjective(InputType type, ref Utf8JsonReader reader) => Query(
        "Expected \"latency_slo_micros\" to be a positive whole number of microseconds (a tighter objective than the application's), e.g. "
        + InputSchema.SingleExample(type).TrimEnd('}') + ", \"latency_slo_micros\": 20000}; got "
        + (reader.TokenType == JsonTokenType.Number ? RawNumber(ref reader) : Describe(reader.TokenType)) + " at \"latency_slo_micros\"");

    /// <summary><c>input_batch</c> is not an array, or an empty one.</summary>
    public static RequestError BatchNotArray(InputType type, string received) => Query(
        "Expected \"input_batch\" to be a non-empty array of inputs, each " + InputSchema.Describe(type)
        + ", e.g. " + InputSchema.BatchExample(type) + "; got " + received + " at \"input_batch\"");

    /// <summary><c>input_batch</c> holds more than the configured number of inputs.</summary>
    public static RequestError TooManyInputs(InputType type, int maxInputs) => Query(
        $"Expected \"input_batch\" to hold at most {maxInputs} inputs (option MaxInputsPerRequest), e.g. "
        + InputSchema.BatchExample(type) + $"; got more than {maxInputs} at \"input_batch[{maxInputs}]\"");

    /// <summary>An input is larger in wire form than <paramref name="maxBytes"/>.</summary>
    public static RequestError InputTooLarge(InputType type, int batchIndex, long size, int maxBytes)
    {
        string subject = batchIndex < 0 ? "input" : $"input_batch[{batchIndex}]";
        int elementSize = type.ElementSize();
        string form = type switch
        {
            InputType.Bytes => " after base64 decoding",
            InputType.Strings => " of UTF-8",
            _ => $" ({size / elementSize} values of {elementSize} bytes)",
        };
        return Query($"Expected \"{subject}\" to be at most {maxBytes} bytes in wire form (option MaxInputBytes); "
            + $"got {size} bytes{form} at \"{subject}\". Send smaller inputs or raise the limit");
    }

    /// <summary>The body nests deeper than <paramref name="maxDepth"/>, where the reader stopped at <paramref name="offset"/>.</summary>
    /// <remarks>A "Json error", as before the limit had an option: the reader refuses to read such a body as JSON.</remarks>
    public static RequestError TooDeep(InputType type, int maxDepth, long offset) => Json(
        $"Expected the body to nest JSON at most {maxDepth} levels deep (option MaxJsonDepth); got deeper nesting after byte {offset}. "
        + "A prediction request needs 3 levels, e.g. " + InputSchema.BatchExample(type));

    /// <summary>An input, or an element of one, is of the wrong JSON kind.</summary>
    public static RequestError WrongKind(InputType type, int batchIndex, int elementIndex, JsonTokenType received) =>
        Input(type, batchIndex, elementIndex, Describe(received));

    /// <summary>An integer element is outside the int32 range (<paramref name="outOfRange"/>) or not a whole number.</summary>
    public static RequestError BadInteger(InputType type, int batchIndex, int elementIndex, ref Utf8JsonReader reader, bool outOfRange) =>
        Input(type, batchIndex, elementIndex, RawNumber(ref reader)
            + (outOfRange ? ", which is outside the int32 range," : ", which is not a whole number,"));

    /// <summary>A float or double element is outside the range of its type.</summary>
    public static RequestError NumberOutOfRange(InputType type, int batchIndex, int elementIndex, ref Utf8JsonReader reader) =>
        Input(type, batchIndex, elementIndex, RawNumber(ref reader)
            + (type == InputType.Floats ? ", which is outside the float32 range," : ", which is outside the float64 range,"));

    /// <summary>A bytes input is a string that does not decode as base64.</summary>
    public static RequestError InvalidBase64(int batchIndex) =>
        Input(InputType.Bytes, batchIndex, -1, "a string that is not valid base64 (standard alphabet, with padding)");

    private static RequestError Input(InputType type, int batchIndex, int elementIndex, string received)
    {
        string subject = batchIndex < 0 ? "input" : $"input_batch[{batchIndex}]";
        string where = elementIndex < 0 ? subject : $"{subject}[{elementIndex}]";
        string example = batchIndex < 0 ? InputSchema.SingleExample(type) : InputSchema.BatchExample(type);
        return Query($"Expected \"{subject}\" to be {InputSchema.Describe(type)}, e.g. {example}; got {received} at \"{where}\"");
    }

    /// <summary>How a cause names a received JSON value, for example <c>an array</c>.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>The name of the property the reader is on, quoted as well as it can be (the feedback parser's errors share it).</summary>
    internal static string PropertyName(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            // Not UTF-8: name it as best we can rather than fail while reporting another failure.
            return RawText(ref reader);
        }
    }

    private static string RawText(ref Utf8JsonReader reader) => reader.HasValueSequence
        ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray())
        : Encoding.UTF8.GetString(reader.ValueSpan);

    /// <summary>The number the reader is on, as written, cut short.</summary>
    internal static string RawNumber(ref Utf8JsonReader reader) => Truncate(RawText(ref reader), MaxQuotedNumberLength);

    /// <summary>A received name, cut short so that a hostile body cannot inflate the response.</summary>
    internal static string QuotedName(ref Utf8JsonReader reader) => Truncate(PropertyName(ref reader), MaxQuotedNameLength);

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "...");

    private static RequestError Json(string cause) => new(RequestError.JsonError, cause);

    private static RequestError Query(string cause) => new(RequestError.QueryProcessingError, cause);
}
