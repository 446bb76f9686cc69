using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class PredictRequestParserErrorTests
{
    private const string Json = RequestError.JsonError;
    private const string Query = RequestError.QueryProcessingError;

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public void TryParse_EmptyBody_IsAJsonError(string body)
    {
        RequestError error = ParseFails(body, InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.StartsWith("The request body is empty", error.Cause, StringComparison.Ordinal);
        Assert.Contains("""{"input": [1.0, 2.5]}""", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EmptySequence_IsAJsonError()
    {
        RequestError error = ParseFails(ReadOnlySequence<byte>.Empty, InputType.Strings);

        Assert.Equal(Json, error.Error);
        Assert.Contains("empty", error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input": [1.0, 2.5""")]
    [InlineData("""{"input": [1.0,, 2.5]}""")]
    [InlineData("""{input: [1.0]}""")]
    [InlineData("""{"input": [1.0],}""")]
    [InlineData("""{"input": [NaN]}""")]
    public void TryParse_InvalidJson_IsAJsonErrorThatSaysWhere(string body)
    {
        RequestError error = ParseFails(body, InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.StartsWith("The request body is not valid JSON: ", error.Cause, StringComparison.Ordinal);
        Assert.Contains("BytePositionInLine", error.Cause, StringComparison.Ordinal);
        Assert.Contains("Expected a JSON object such as", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ShapeErrorFollowedByInvalidJson_IsAJsonError()
    {
        // The unknown property is seen first, but the body is not JSON at all: Clipper says "Json error".
        RequestError error = ParseFails("""{"nope": 1, "input": [1.0 2.0]}""", InputType.Doubles);

        Assert.Equal(Json, error.Error);
    }

    [Theory]
    [InlineData("""{"input": [1.0]} {}""", 17)]
    [InlineData("""{"input": [1.0]}x""", 16)]
    [InlineData("""{"nope": 1} 5""", 12)]
    public void TryParse_TrailingContentAfterTheObject_IsAJsonErrorWithItsOffset(string body, int offset)
    {
        RequestError error = ParseFails(body, InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.Contains($"unexpected content after the JSON object at byte {offset}", error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1.0, 2.5]", "an array")]
    [InlineData("\"hello\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    public void TryParse_TopLevelValueOtherThanAnObject_IsAQueryError(string body, string received)
    {
        RequestError error = ParseFails(body, InputType.Doubles);

        Assert.Equal(Query, error.Error);
        Assert.Equal(
            "Expected the body to be a JSON object with \"input\" or \"input_batch\", e.g. {\"input\": [1.0, 2.5]} or "
            + "{\"input_batch\": [[1.0, 2.5], [3.0]]}; got " + received + " at the top level",
            error.Cause);
    }

    [Fact]
    public void TryParse_ObjectWithNeitherProperty_IsAQueryError()
    {
        RequestError error = ParseFails("{}", InputType.Strings);

        Assert.Equal(Query, error.Error);
        Assert.Equal(
            """Expected the body to have an "input" or an "input_batch" property, e.g. {"input": "hello"} or {"input_batch": ["hello", "world"]}; got an object with neither""",
            error.Cause);
    }

    [Theory]
    [InlineData("""{"input": [1], "input_batch": [[1]]}""")]
    [InlineData("""{"input_batch": [[1]], "input": [1]}""")]
    public void TryParse_BothProperties_IsAQueryError(string body)
    {
        RequestError error = ParseFails(body, InputType.Integers);

        Assert.Equal(Query, error.Error);
        Assert.StartsWith("""Expected exactly one of "input" and "input_batch", e.g. {"input": [1, 2, 3]}""", error.Cause, StringComparison.Ordinal);
        Assert.EndsWith("got both", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RepeatedProperty_IsAQueryError()
    {
        RequestError error = ParseFails("""{"input": [1], "input": [2]}""", InputType.Integers);

        Assert.Equal(Query, error.Error);
        Assert.StartsWith("""Expected "input" at most once""", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownProperty_IsAQueryErrorNamingIt()
    {
        RequestError error = ParseFails("""{"input": [1.0], "inptu_batch": []}""", InputType.Doubles);

        Assert.Equal(Query, error.Error);
        Assert.StartsWith("""Expected only an "input" or an "input_batch" property""", error.Cause, StringComparison.Ordinal);
        Assert.EndsWith("got an unknown property \"inptu_batch\"", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NestingBeyondTheDepthLimit_IsAJsonError()
    {
        string body = "{\"input\": " + new string('[', 100) + new string(']', 100) + "}";

        RequestError error = ParseFails(body, InputType.Doubles);

        Assert.Equal(Json, error.Error);
        Assert.Contains("at most 32 levels deep (option MaxJsonDepth)", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownPropertyNotUtf8_IsStillNamed()
    {
        byte[] body = [.. "{\"x"u8, 0xFF, .. "\": 1}"u8];

        RequestError error = ParseFails(new ReadOnlySequence<byte>(body), InputType.Strings);

        Assert.Equal(Query, error.Error);
        Assert.EndsWith("got an unknown property \"x\uFFFD\"", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_VeryLongUnknownPropertyName_IsQuotedTruncated()
    {
        RequestError error = ParseFails("{\"" + new string('k', 5000) + "\": 1}", InputType.Strings);

        Assert.EndsWith("got an unknown property \"" + new string('k', 100) + "...\"", error.Cause, StringComparison.Ordinal);
    }
}
