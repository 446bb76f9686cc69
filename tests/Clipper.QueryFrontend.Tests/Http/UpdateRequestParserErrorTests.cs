using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>Every refusal of a feedback body: Clipper's "Json error" for what is not JSON, "Query processing error" for the wrong shape.</summary>
public sealed class UpdateRequestParserErrorTests
{
    private const string Json = RequestError.JsonError;
    private const string Query = RequestError.QueryProcessingError;
    private const string DoublesExample = """{"uid": 0, "input": [1.0, 2.5], "label": 1.0}""";

    [Theory]
    [InlineData(InputType.Doubles, """{"uid": 0, "input": [1.0, 2.5], "label": 1.0}""")]
    [InlineData(InputType.Floats, """{"uid": 0, "input": [0.5, 1.25], "label": 1.0}""")]
    [InlineData(InputType.Integers, """{"uid": 0, "input": [1, 2, 3], "label": 1.0}""")]
    [InlineData(InputType.Bytes, """{"uid": 0, "input": "aGVsbG8=", "label": 1.0}""")]
    [InlineData(InputType.Strings, """{"uid": 0, "input": "hello", "label": 1.0}""")]
    public void Example_ForEveryType_IsAFeedbackBodyThatParses(InputType type, string expected)
    {
        Assert.Equal(expected, UpdateRequestErrors.Example(type));
        using var into = new ParsedInputs();
        Assert.True(UpdateRequestParser.TryParse(Sequences.Single(expected), type, UpdateRequestParserTests.DefaultLimits, into, out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public void TryParse_EmptyBody_IsAJsonError(string body)
    {
        RequestError error = Fails(body, InputType.Doubles);

        Assert.Equal(new RequestError(Json, "The request body is empty; expected a JSON object such as " + DoublesExample), error);
        Assert.Equal(Json, Fails(ReadOnlySequence<byte>.Empty, InputType.Doubles).Error);
    }

    [Theory]
    [InlineData("""{"uid": 1, "input": [1.0, 2.5""")]
    [InlineData("""{"uid": 1,, "input": [1.0], "label": 1}""")]
    [InlineData("""{uid: 1, "input": [1.0], "label": 1}""")]
    [InlineData("""{"uid": 1, "input": [1.0], "label": 1,}""")]
    [InlineData("""{"uid": 1, "input": [1.0], "label": NaN}""")]
    [InlineData("""{"nope": 1, "input": [1.0 2.0]}""")]
    [InlineData("""{"uid": "x", "input": [1.0], "label": }""")]
    [InlineData("""{"uid": 1, "input": [1.0, "x"], "label": 1 1}""")]
    public void TryParse_NotJsonEvenAfterAShapeError_IsAJsonErrorThatSaysWhere(string body)
    {
        RequestError error = Fails(body, InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.StartsWith("The request body is not valid JSON: ", error.Cause, StringComparison.Ordinal);
        Assert.Contains("BytePositionInLine", error.Cause, StringComparison.Ordinal);
        Assert.EndsWith("Expected a JSON object such as " + DoublesExample, error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"uid": 1, "input": [1.0], "label": 1} {}""", 39)]
    [InlineData("""{"nope": 1}x""", 11)]
    public void TryParse_TrailingContent_IsAJsonErrorWithItsOffset(string body, int offset)
    {
        RequestError error = Fails(body, InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.Equal($"The request body is not valid JSON: unexpected content after the JSON object at byte {offset}. Expected exactly one JSON object such as {DoublesExample}", error.Cause);
    }

    [Fact]
    public void TryParse_PropertyNameWithUnpairedSurrogateEscape_IsAJsonError()
    {
        RequestError error = Fails("""{"uid": 1, "\uD800": 2}""", InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.Contains("not valid Unicode", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_StringInputNotUtf8_IsAJsonErrorWithTheFeedbackExample()
    {
        byte[] body = [.. "{\"uid\": 1, \"input\": \"a"u8, 0xFF, .. "\", \"label\": 1}"u8];

        RequestError error = Fails(new ReadOnlySequence<byte>(body), InputType.Strings);

        Assert.Equal(new RequestError(Json, "The request body is not valid JSON: the string at \"input\" is not valid UTF-8. Expected a JSON object such as {\"uid\": 0, \"input\": \"hello\", \"label\": 1.0}"), error);
    }

    [Theory]
    [InlineData("[1.0]", "an array")]
    [InlineData("\"x\"", "a string")]
    [InlineData("7", "a number")]
    [InlineData("null", "null")]
    public void TryParse_TopLevelValueOtherThanAnObject_IsAQueryError(string body, string received)
    {
        Assert.Equal(
            new RequestError(Query, "Expected the body to be a JSON object with \"uid\", \"input\" and \"label\", e.g. " + DoublesExample + "; got " + received + " at the top level"),
            Fails(body, InputType.Doubles));
    }

    [Theory]
    [InlineData("{}", "\"uid\", \"input\" and \"label\"")]
    [InlineData("""{"input": [1.0]}""", "\"uid\" and \"label\"")]
    [InlineData("""{"uid": 1, "label": 1}""", "\"input\"")]
    [InlineData("""{"label": 1, "input": [1.0]}""", "\"uid\"")]
    [InlineData("""{"uid": 1, "input": [1.0]}""", "\"label\"")]
    public void TryParse_MissingProperties_IsAQueryErrorNamingEach(string body, string missing)
    {
        Assert.Equal(
            new RequestError(Query, "Expected the body to have \"uid\", \"input\" and \"label\", e.g. " + DoublesExample + "; got an object without " + missing),
            Fails(body, InputType.Doubles));
    }

    [Theory]
    [InlineData("""{"uid": 1, "input": [1.0], "label": 1, "uid": 2}""", "uid")]
    [InlineData("""{"input": [1.0], "uid": 1, "input": [2.0], "label": 1}""", "input")]
    [InlineData("""{"label": 1, "label": 1, "uid": 1, "input": [1.0]}""", "label")]
    [InlineData("""{"uid": 1, "\u0075id": 1}""", "uid")]
    public void TryParse_RepeatedProperty_IsAQueryErrorNamingIt(string body, string property)
    {
        Assert.Equal(new RequestError(Query, $"Expected \"{property}\" exactly once, e.g. {DoublesExample}; got it twice"), Fails(body, InputType.Doubles));
    }

    [Theory]
    [InlineData("""{"uid": 1, "input": [1.0], "label": 1, "latency_slo_micros": 5}""", "latency_slo_micros")]
    [InlineData("""{"input_batch": [[1.0]], "uid": 1, "label": 1}""", "input_batch")]
    [InlineData("""{"uid": 1, "Label": 1}""", "Label")]
    public void TryParse_UnknownProperty_IsAQueryErrorNamingIt(string body, string property)
    {
        Assert.Equal(
            new RequestError(Query, "Expected only the properties \"uid\", \"input\" and \"label\", e.g. " + DoublesExample + "; got an unknown property \"" + property + "\""),
            Fails(body, InputType.Doubles));
    }

    [Theory]
    [InlineData("\"7\"", "a string")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("[7]", "an array")]
    [InlineData("{}", "an object")]
    [InlineData("1.5", "1.5, which is not a whole number,")]
    [InlineData("-0.25e1", "-0.25e1, which is not a whole number,")]
    [InlineData("9223372036854775808", "9223372036854775808, which is outside the int64 range,")]
    [InlineData("-9223372036854775809", "-9223372036854775809, which is outside the int64 range,")]
    [InlineData("1e400", "1e400, which is outside the int64 range,")]
    [InlineData("9007199254740993.0", "9007199254740993.0, which is at least 2^53 and written with a fraction or exponent, so it may have been rounded (write it as a plain integer),")]
    [InlineData("-9.007199254740992e15", "-9.007199254740992e15, which is at least 2^53 and written with a fraction or exponent, so it may have been rounded (write it as a plain integer),")]
    [InlineData("1e19", "1e19, which is outside the int64 range,")]
    public void TryParse_UidNotAnInt64_IsAQueryErrorSayingWhatCame(string uid, string received)
    {
        Assert.Equal(
            new RequestError(Query, "Expected \"uid\" to be a whole number (an int64, from -9223372036854775808 to 9223372036854775807), e.g. "
                + DoublesExample + "; got " + received + " at \"uid\""),
            Fails("{\"input\": [1.0], \"uid\": " + uid + ", \"label\": 1}", InputType.Doubles));
    }

    [Theory]
    [InlineData("\"1.0\"", "a string")]
    [InlineData("null", "null")]
    [InlineData("false", "false")]
    [InlineData("[1.0]", "an array")]
    [InlineData("1e309", "1e309, which is outside the float64 range,")]
    [InlineData("-1.8e308", "-1.8e308, which is outside the float64 range,")]
    public void TryParse_LabelNotAFiniteNumber_IsAQueryErrorSayingWhatCame(string label, string received)
    {
        Assert.Equal(
            new RequestError(Query, "Expected \"label\" to be a finite number, e.g. " + DoublesExample + "; got " + received + " at \"label\""),
            Fails("{\"label\": " + label + ", \"uid\": 1, \"input\": [1.0]}", InputType.Doubles));
    }

    [Theory]
    [InlineData(InputType.Doubles, "\"1.0\"", "Expected \"input\" to be an array of doubles (finite numbers), e.g. {\"uid\": 0, \"input\": [1.0, 2.5], \"label\": 1.0}; got a string at \"input\"")]
    [InlineData(InputType.Doubles, "[1.0, 1e999]", "Expected \"input\" to be an array of doubles (finite numbers), e.g. {\"uid\": 0, \"input\": [1.0, 2.5], \"label\": 1.0}; got 1e999, which is outside the float64 range, at \"input[1]\"")]
    [InlineData(InputType.Floats, "[1e39]", "Expected \"input\" to be an array of floats (finite numbers from -3.4028235E+38 to 3.4028235E+38), e.g. {\"uid\": 0, \"input\": [0.5, 1.25], \"label\": 1.0}; got 1e39, which is outside the float32 range, at \"input[0]\"")]
    [InlineData(InputType.Integers, "[1, 1.5]", "Expected \"input\" to be an array of integers (whole numbers from -2147483648 to 2147483647), e.g. {\"uid\": 0, \"input\": [1, 2, 3], \"label\": 1.0}; got 1.5, which is not a whole number, at \"input[1]\"")]
    [InlineData(InputType.Integers, "[[1]]", "Expected \"input\" to be an array of integers (whole numbers from -2147483648 to 2147483647), e.g. {\"uid\": 0, \"input\": [1, 2, 3], \"label\": 1.0}; got an array at \"input[0]\"")]
    [InlineData(InputType.Bytes, "\"not base64!\"", "Expected \"input\" to be a base64 string, e.g. {\"uid\": 0, \"input\": \"aGVsbG8=\", \"label\": 1.0}; got a string that is not valid base64 (standard alphabet, with padding) at \"input\"")]
    [InlineData(InputType.Strings, "[\"hello\"]", "Expected \"input\" to be a string, e.g. {\"uid\": 0, \"input\": \"hello\", \"label\": 1.0}; got an array at \"input\"")]
    [InlineData(InputType.Strings, "null", "Expected \"input\" to be a string, e.g. {\"uid\": 0, \"input\": \"hello\", \"label\": 1.0}; got null at \"input\"")]
    public void TryParse_InputOfTheWrongKind_IsPredictsInputErrorWithTheFeedbackExample(InputType type, string input, string cause)
    {
        Assert.Equal(new RequestError(Query, cause), Fails("{\"uid\": 1, \"input\": " + input + ", \"label\": 1}", type));
    }

    [Fact]
    public void TryParse_Refused_LeavesIntoEmptyAndFeedbackDefault()
    {
        using var into = new ParsedInputs();

        // The input is parsed before the duplicate uid is found: the refusal must drop it.
        Assert.False(UpdateRequestParser.TryParse(Sequences.Single("""{"uid": 5, "input": [1.0], "label": 2, "uid": 6}"""), InputType.Doubles, UpdateRequestParserTests.DefaultLimits, into, out FeedbackRequest feedback, out _));

        Assert.Equal(0, into.Count);
        Assert.Equal(default, feedback);
    }

    [Fact]
    public void TryParse_VeryLongUnknownPropertyOrNumber_IsQuotedTruncated()
    {
        Assert.EndsWith("got an unknown property \"" + new string('k', 100) + "...\"", Fails("{\"" + new string('k', 5000) + "\": 1}", InputType.Doubles).Cause, StringComparison.Ordinal);
        Assert.EndsWith("got 0." + new string('5', 38) + "..., which is not a whole number, at \"uid\"", Fails("{\"uid\": 0." + new string('5', 5000) + "}", InputType.Doubles).Cause, StringComparison.Ordinal);
    }

    internal static RequestError Fails(string json, InputType type) => Fails(Sequences.Single(json), type);

    internal static RequestError Fails(ReadOnlySequence<byte> body, InputType type)
    {
        using var into = new ParsedInputs();
        bool ok = UpdateRequestParser.TryParse(body, type, UpdateRequestParserTests.DefaultLimits, into, out _, out RequestError error);
        Assert.False(ok, "Expected the body to be refused");
        Assert.Equal(0, into.Count);
        return error;
    }
}
