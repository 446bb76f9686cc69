using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>The parse limits (bytes per input, JSON depth): just under is accepted, just over is refused naming the input, its size and the option.</summary>
public sealed class PredictRequestParserLimitTests
{
    [Theory]
    [InlineData(InputType.Doubles, 24, """{"input": [1, 2, 3]}""")]
    [InlineData(InputType.Floats, 12, """{"input": [1, 2, 3]}""")]
    [InlineData(InputType.Integers, 12, """{"input_batch": [[1], [1, 2, 3]]}""")]
    [InlineData(InputType.Strings, 6, """{"input": "h\u00e9llo"}""")]
    [InlineData(InputType.Bytes, 5, """{"input": "aGVsbG8="}""")]
    public void TryParse_InputsAtMaxInputBytes_AreAccepted(InputType type, int maxInputBytes, string body)
    {
        // "h\u00e9llo" is 6 bytes of UTF-8: the limit counts what the model receives, not the JSON escape.
        using var inputs = new ParsedInputs();

        Assert.True(PredictRequestParser.TryParse(Sequences.Single(body), type, Limits(maxInputBytes: maxInputBytes), inputs, out var error), error.Cause);
    }

    [Theory]
    [InlineData(InputType.Doubles, 16, """{"input": [1, 2, 3]}""", "Expected \"input\" to be at most 16 bytes in wire form (option MaxInputBytes); got 24 bytes (3 values of 8 bytes) at \"input\"")]
    [InlineData(InputType.Floats, 11, """{"input": [1, 2, 3]}""", "Expected \"input\" to be at most 11 bytes in wire form (option MaxInputBytes); got 12 bytes (3 values of 4 bytes) at \"input\"")]
    [InlineData(InputType.Integers, 8, """{"input_batch": [[1], [1, 2, 3, 4, 5]]}""", "Expected \"input_batch[1]\" to be at most 8 bytes in wire form (option MaxInputBytes); got 20 bytes (5 values of 4 bytes) at \"input_batch[1]\"")]
    [InlineData(InputType.Strings, 5, """{"input": "h\u00e9llo"}""", "Expected \"input\" to be at most 5 bytes in wire form (option MaxInputBytes); got 6 bytes of UTF-8 at \"input\"")]
    [InlineData(InputType.Bytes, 4, """{"input_batch": ["aGk=", "aGVsbG8="]}""", "Expected \"input_batch[1]\" to be at most 4 bytes in wire form (option MaxInputBytes); got 5 bytes after base64 decoding at \"input_batch[1]\"")]
    public void TryParse_InputOverMaxInputBytes_NamesTheInputItsSizeAndTheLimit(InputType type, int maxInputBytes, string body, string cause)
    {
        using var inputs = new ParsedInputs();

        Assert.False(PredictRequestParser.TryParse(Sequences.Single(body), type, Limits(maxInputBytes: maxInputBytes), inputs, out var error));

        Assert.Equal(RequestError.QueryProcessingError, error.Error);
        Assert.StartsWith(cause, error.Cause, StringComparison.Ordinal);
        Assert.Equal(0, inputs.Count);
    }

    [Fact]
    public void TryParse_OversizedInputFollowedByInvalidJson_IsAJsonError()
    {
        using var inputs = new ParsedInputs();

        Assert.False(PredictRequestParser.TryParse(Sequences.Single("""{"input": [1, 2, 3, oops]}"""), InputType.Doubles, Limits(maxInputBytes: 8), inputs, out var error));

        Assert.Equal(RequestError.JsonError, error.Error);
    }

    [Fact]
    public void TryParse_BodyAtMaxJsonDepth_IsAccepted()
    {
        using var inputs = new ParsedInputs();

        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input_batch": [[1.5]]}"""), InputType.Doubles, Limits(maxDepth: 3), inputs, out var error), error.Cause);
    }

    [Theory]
    [InlineData("""{"input_batch": [[[1.5]]]}""", 3)]
    [InlineData("""{"input": {"a": {"b": {"c": 1}}}}""", 3)]
    public void TryParse_BodyDeeperThanMaxJsonDepth_NamesTheLimit(string body, int maxDepth)
    {
        using var inputs = new ParsedInputs();

        Assert.False(PredictRequestParser.TryParse(Sequences.Single(body), InputType.Doubles, Limits(maxDepth: maxDepth), inputs, out var error));

        Assert.Equal(RequestError.JsonError, error.Error);
        Assert.StartsWith($"Expected the body to nest JSON at most {maxDepth} levels deep (option MaxJsonDepth); got deeper nesting after byte ", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeeplyNestedBodyInBlocks_NamesTheLimit()
    {
        var body = Encoding.UTF8.GetBytes("{\"input\": " + new string('[', 10_000) + new string(']', 10_000) + "}");
        using var inputs = new ParsedInputs();

        Assert.False(PredictRequestParser.TryParse(Sequences.Blocks(body, 4096), InputType.Doubles, Limits(maxDepth: 32), inputs, out var error));

        Assert.Contains("at most 32 levels deep (option MaxJsonDepth)", error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input_batch": [[1 2]]}""")]
    [InlineData("""{"input_batch": [[1, }""")]
    public void TryParse_SyntaxErrorAtTheDepthLimit_IsNotCalledADepthError(string body)
    {
        using var inputs = new ParsedInputs();

        Assert.False(PredictRequestParser.TryParse(Sequences.Single(body), InputType.Doubles, Limits(maxDepth: 3), inputs, out var error));

        Assert.Equal(RequestError.JsonError, error.Error);
        Assert.DoesNotContain("MaxJsonDepth", error.Cause, StringComparison.Ordinal);
    }

    private static ParseLimits Limits(int maxInputBytes = 1024, int maxDepth = 32) => new(100, maxInputBytes, maxDepth);
}
