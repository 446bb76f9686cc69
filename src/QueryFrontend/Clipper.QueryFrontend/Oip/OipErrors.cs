using System.Globalization;
using System.Text;
using System.Text.Json;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// The <c>error</c> texts of refused inference requests (400), built on the error path only: each says what was wrong,
/// where (which tensor, element or member), the value received and what was expected.
/// </summary>
internal static partial class OipErrors
{
    public const string NoInputs =
        "The inference request has no 'inputs': send exactly one input tensor (Clipper models take one input; each row of its first dimension is one query).";

    public static string InvalidJson(JsonException exception, int maxDepth) =>
        exception.Message.Contains("maximum configured depth", StringComparison.Ordinal)
            ? Invariant($"The request body nests deeper than {maxDepth} levels (option MaxJsonDepth): {exception.Message}")
            : "The request body is not valid JSON: " + exception.Message;

    public static string BodyNotObject(JsonTokenType token) =>
        $"The request body must be a JSON object (an inference request with 'inputs'); got {Describe(token)}.";

    public static string UnknownMember(ref Utf8JsonReader reader, string where, string expected) =>
        $"Unknown member '{NameOf(ref reader)}' in {where}; expected only: {expected}.";

    public static string DuplicateMember(string name, string where) => $"Member '{name}' appears twice in {where}.";

    public static string WrongKind(string what, string expected, JsonTokenType token) => $"{what} must be {expected}; got {Describe(token)}.";

    public static string InputCount(int count) => count == 0
        ? "'inputs' is empty: send exactly one input tensor (Clipper models take one input; each row of its first dimension is one query)."
        : Invariant($"The inference request has {count} input tensors; Clipper models take exactly one input, so send exactly one tensor (each row of its first dimension is one query).");

    public static string BadDimension(ref Utf8JsonReader reader, int index) =>
        Invariant($"Dimension {index} of the 'shape' of input tensor inputs[0] must be a non-negative integer; got {TokenText(ref reader)}.");

    public static string OutputWhere(int index) => Invariant($"requested output outputs[{index}]");

    public static string UnknownOutput(ReadOnlySpan<byte> body, int start, int length) =>
        $"Requested output '{Decode(body.Slice(start, length))}' is not an output of this model: Clipper models have one output, '{OipRequestParser.OutputName}'.";

    public static string OutputWithoutName(int index) => Invariant($"Requested output outputs[{index}] has no 'name'; the model's one output is '{OipRequestParser.OutputName}'.");

    public static string MissingMember(ReadOnlySpan<byte> body, in TensorHeader tensor, string member) =>
        $"Input tensor {TensorRef(body, tensor)} has no '{member}'; an input tensor needs name, shape, datatype and data.";

    public static string NoRows(ReadOnlySpan<byte> body, in TensorHeader tensor) =>
        $"Input tensor {TensorRef(body, tensor)} has shape {Shape(body, tensor)}, which has no rows: the first dimension is the batch (one query per row) and must be at least 1.";

    public static string TooManyRows(ReadOnlySpan<byte> body, in TensorHeader tensor, int max) =>
        Invariant($"Input tensor {TensorRef(body, tensor)} has shape {Shape(body, tensor)}: more than the {max} rows one request may hold (option MaxInputsPerRequest).");

    public static string DataWhere(ReadOnlySpan<byte> body, in TensorHeader tensor) => $"'data' of input tensor {TensorRef(body, tensor)}";

    public static string DataTooDeep(ReadOnlySpan<byte> body, in TensorHeader tensor) =>
        Invariant($"'data' of input tensor {TensorRef(body, tensor)} nests deeper than its shape {Shape(body, tensor)} has dimensions ({tensor.Rank}); send it flat or nested as the shape.");

    public static string ElementCount(ReadOnlySpan<byte> body, in TensorHeader tensor, long count, long total) =>
        Invariant($"Input tensor {TensorRef(body, tensor)} has {count} elements in 'data'; its shape {Shape(body, tensor)} holds {total}.");

    /// <summary>The tensor as messages name it: its name quoted, or its position when it has none.</summary>
    internal static string TensorRef(ReadOnlySpan<byte> body, in TensorHeader tensor) =>
        tensor.HasName ? "'" + Decode(body.Slice(tensor.NameStart, tensor.NameLength)) + "'" : "inputs[0]";

    internal static string Shape(ReadOnlySpan<byte> body, in TensorHeader tensor) =>
        Encoding.UTF8.GetString(body[tensor.ShapeStart..tensor.ShapeEnd]);

    internal static string Describe(JsonTokenType token) => RequestErrors.Describe(token);

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A raw JSON string token (quotes included) as text; its raw text if it does not decode.</summary>
    internal static string Decode(ReadOnlySpan<byte> token)
    {
        var reader = new Utf8JsonReader(token);
        try
        {
            reader.Read();
            return reader.GetString() ?? "";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Encoding.UTF8.GetString(token);
        }
    }

    internal static string TokenText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.String => "the string " + Encoding.UTF8.GetString(reader.ValueSpan),
        _ => Describe(reader.TokenType),
    };

    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }
}
