using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// How one input of each type must look in a request body, with examples, so every error can tell the
/// caller the exact schema it expected.
/// </summary>
internal static class InputSchema
{
    /// <summary>What one input must be, for example <c>an array of doubles (finite numbers)</c>.</summary>
    public static string Describe(InputType type) => type switch
    {
        InputType.Integers => "an array of integers (whole numbers from -2147483648 to 2147483647)",
        InputType.Floats => "an array of floats (finite numbers from -3.4028235E+38 to 3.4028235E+38)",
        InputType.Doubles => "an array of doubles (finite numbers)",
        InputType.Bytes => "a base64 string",
        InputType.Strings => "a string",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Expected one of: " + InputTypes.AcceptedNames),
    };

    /// <summary>A valid single-input body, for example <c>{"input": [1.0, 2.5]}</c>.</summary>
    public static string SingleExample(InputType type) => "{\"input\": " + Value(type, 0) + "}";

    /// <summary>A valid batch body, for example <c>{"input_batch": [[1.0, 2.5], [3.0]]}</c>.</summary>
    public static string BatchExample(InputType type) =>
        "{\"input_batch\": [" + Value(type, 0) + ", " + Value(type, 1) + "]}";

    /// <summary>Both valid bodies, for errors about the body as a whole.</summary>
    public static string BothExamples(InputType type) => SingleExample(type) + " or " + BatchExample(type);

    private static string Value(InputType type, int variant) => (type, variant) switch
    {
        (InputType.Integers, 0) => "[1, 2, 3]",
        (InputType.Integers, _) => "[4, 5]",
        (InputType.Floats, 0) => "[0.5, 1.25]",
        (InputType.Floats, _) => "[2.0]",
        (InputType.Doubles, 0) => "[1.0, 2.5]",
        (InputType.Doubles, _) => "[3.0]",
        (InputType.Bytes, 0) => "\"aGVsbG8=\"",
        (InputType.Bytes, _) => "\"d29ybGQ=\"",
        (InputType.Strings, 0) => "\"hello\"",
        (_, _) => "\"world\"",
    };
}
