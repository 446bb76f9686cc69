using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class PredictRequestParserInputErrorTests
{
    private const string Json = RequestError.JsonError;
    private const string Query = RequestError.QueryProcessingError;

    [Theory]
    [InlineData(InputType.Doubles, """{"input": "1.0"}""", "Expected \"input\" to be an array of doubles (finite numbers), e.g. {\"input\": [1.0, 2.5]}; got a string at \"input\"")]
    [InlineData(InputType.Integers, """{"input": {"a": 1}}""", "Expected \"input\" to be an array of integers (whole numbers from -2147483648 to 2147483647), e.g. {\"input\": [1, 2, 3]}; got an object at \"input\"")]
    [InlineData(InputType.Floats, """{"input": 1.5}""", "Expected \"input\" to be an array of floats (finite numbers from -3.4028235E+38 to 3.4028235E+38), e.g. {\"input\": [0.5, 1.25]}; got a number at \"input\"")]
    [InlineData(InputType.Bytes, """{"input": [104, 105]}""", "Expected \"input\" to be a base64 string, e.g. {\"input\": \"aGVsbG8=\"}; got an array at \"input\"")]
    [InlineData(InputType.Strings, """{"input": null}""", "Expected \"input\" to be a string, e.g. {\"input\": \"hello\"}; got null at \"input\"")]
    [InlineData(InputType.Doubles, """{"input": [1.0, "2.5"]}""", "Expected \"input\" to be an array of doubles (finite numbers), e.g. {\"input\": [1.0, 2.5]}; got a string at \"input[1]\"")]
    [InlineData(InputType.Doubles, """{"input": [1.0, [2.5]]}""", "Expected \"input\" to be an array of doubles (finite numbers), e.g. {\"input\": [1.0, 2.5]}; got an array at \"input[1]\"")]
    [InlineData(InputType.Doubles, """{"input_batch": [[1], [2], [3], [4, 5, [6]]]}""", "Expected \"input_batch[3]\" to be an array of doubles (finite numbers), e.g. {\"input_batch\": [[1.0, 2.5], [3.0]]}; got an array at \"input_batch[3][2]\"")]
    [InlineData(InputType.Strings, """{"input_batch": ["a", 7]}""", "Expected \"input_batch[1]\" to be a string, e.g. {\"input_batch\": [\"hello\", \"world\"]}; got a number at \"input_batch[1]\"")]
    [InlineData(InputType.Integers, """{"input_batch": [[1], true]}""", "Expected \"input_batch[1]\" to be an array of integers (whole numbers from -2147483648 to 2147483647), e.g. {\"input_batch\": [[1, 2, 3], [4, 5]]}; got true at \"input_batch[1]\"")]
    public void TryParse_WrongKindOfValue_NamesThePlaceTheReceivedKindAndTheSchema(InputType type, string body, string cause)
    {
        RequestError error = ParseFails(body, type);

        Assert.Equal(Query, error.Error);
        Assert.Equal(cause, error.Cause);
    }

    [Theory]
    [InlineData("""{"input": [1, 1.5]}""", "got 1.5, which is not a whole number, at \"input[1]\"")]
    [InlineData("""{"input": [2147483648]}""", "got 2147483648, which is outside the int32 range, at \"input[0]\"")]
    [InlineData("""{"input": [-2147483649]}""", "got -2147483649, which is outside the int32 range, at \"input[0]\"")]
    [InlineData("""{"input": [1e400]}""", "got 1e400, which is outside the int32 range, at \"input[0]\"")]
    [InlineData("""{"input_batch": [[1], [2, 3.25]]}""", "got 3.25, which is not a whole number, at \"input_batch[1][1]\"")]
    public void TryParse_IntegerNotWholeOrOutsideInt32_IsAQueryError(string body, string ending)
    {
        RequestError error = ParseFails(body, InputType.Integers);

        Assert.Equal(Query, error.Error);
        Assert.Contains("an array of integers (whole numbers from -2147483648 to 2147483647)", error.Cause, StringComparison.Ordinal);
        Assert.EndsWith(ending, error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InputType.Floats, "3.5e38", "float32")]
    [InlineData(InputType.Floats, "-1e39", "float32")]
    [InlineData(InputType.Doubles, "1e309", "float64")]
    [InlineData(InputType.Doubles, "-2e400", "float64")]
    public void TryParse_NumberOutOfRange_IsAQueryErrorNamingTheRange(InputType type, string number, string range)
    {
        RequestError error = ParseFails($$"""{"input_batch": [[0], [1, {{number}}]]}""", type);

        Assert.Equal(Query, error.Error);
        Assert.EndsWith($"got {number}, which is outside the {range} range, at \"input_batch[1][1]\"", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_VeryLongNumber_IsQuotedTruncated()
    {
        string digits = new('9', 400);
        RequestError error = ParseFails($$"""{"input": [{{digits}}]}""", InputType.Integers);

        Assert.Contains("got " + new string('9', 40) + "..., which is outside the int32 range", error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input": "not base64!"}""", "\"input\"")]
    [InlineData("""{"input": "aGVsbG8"}""", "\"input\"")]
    [InlineData("""{"input_batch": ["aGVsbG8=", "%%%%"]}""", "\"input_batch[1]\"")]
    public void TryParse_InvalidBase64_IsAQueryErrorNamingWhere(string body, string where)
    {
        RequestError error = ParseFails(body, InputType.Bytes);

        Assert.Equal(Query, error.Error);
        Assert.Contains("to be a base64 string", error.Cause, StringComparison.Ordinal);
        Assert.EndsWith("got a string that is not valid base64 (standard alphabet, with padding) at " + where, error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input_batch": []}""", "an empty array")]
    [InlineData("""{"input_batch": [1.0, 2.5]}""", null)]
    [InlineData("""{"input_batch": "abc"}""", "a string")]
    [InlineData("""{"input_batch": {}}""", "an object")]
    public void TryParse_InputBatchNotANonEmptyArrayOfInputs_IsAQueryError(string body, string? received)
    {
        RequestError error = ParseFails(body, InputType.Doubles);

        Assert.Equal(Query, error.Error);
        if (received is null)
        {
            // Numbers where arrays of numbers belong: the element is the wrong kind.
            Assert.EndsWith("got a number at \"input_batch[0]\"", error.Cause, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(
                "Expected \"input_batch\" to be a non-empty array of inputs, each an array of doubles (finite numbers), e.g. "
                + "{\"input_batch\": [[1.0, 2.5], [3.0]]}; got " + received + " at \"input_batch\"",
                error.Cause);
        }
    }

    [Fact]
    public void TryParse_BatchLargerThanMaxInputs_NamesTheLimit()
    {
        RequestError error = ParseFails("""{"input_batch": ["a", "b", "c", "d"]}""", InputType.Strings, maxInputs: 3);

        Assert.Equal(Query, error.Error);
        Assert.Equal(
            "Expected \"input_batch\" to hold at most 3 inputs (option MaxInputsPerRequest), e.g. {\"input_batch\": [\"hello\", \"world\"]}; got more than 3 at \"input_batch[3]\"",
            error.Cause);
    }

    [Theory]
    [InlineData(InputType.Strings, "input", "\"input\"")]
    [InlineData(InputType.Bytes, "input_batch", "\"input_batch[0]\"")]
    public void TryParse_StringNotUtf8_IsAJsonError(InputType type, string property, string where)
    {
        byte[] body = [.. System.Text.Encoding.UTF8.GetBytes("{\"" + property + "\": " + (property == "input" ? "\"a" : "[\"a")), 0xFF, 0xC3, (byte)'"', .. (property == "input" ? "}"u8 : "]}"u8)];

        RequestError error = ParseFails(new ReadOnlySequence<byte>(body), type);

        Assert.Equal(Json, error.Error);
        Assert.StartsWith("The request body is not valid JSON: the string at " + where + " is not valid UTF-8.", error.Cause, StringComparison.Ordinal);
    }
}
