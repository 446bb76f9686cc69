using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>Clipper's feedback body, <c>{"uid": 7, "input": X, "label": 1.0}</c>: every input type, any order, any segmentation, the limits.</summary>
public sealed class UpdateRequestParserTests
{
    public static TheoryData<InputType, string, byte[]> EveryType => new()
    {
        { InputType.Doubles, "[1.0, -2.25e2, 3]", Doubles(1.0, -225, 3) },
        { InputType.Floats, "[0.5, 3.4028235e38]", Floats(0.5f, float.MaxValue) },
        { InputType.Integers, "[2147483647, -1, 2.0, 1e3]", Ints(int.MaxValue, -1, 2, 1000) },
        { InputType.Bytes, "\"aGVsbG8=\"", Encoding.UTF8.GetBytes("hello") },
        { InputType.Strings, "\"h\\u00e9llo \\\"x\\\"\"", Encoding.UTF8.GetBytes("héllo \"x\"") },
        { InputType.Doubles, "[]", [] },
        { InputType.Strings, "\"\"", [] },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void TryParse_EveryInputType_GivesOneInputInWireFormAndTheScalars(InputType type, string input, byte[] wire)
    {
        using var into = new ParsedInputs();

        FeedbackRequest feedback = Ok("{\"uid\": 7, \"input\": " + input + ", \"label\": 0.25}", type, into);

        Assert.Equal(new FeedbackRequest(7, 0.25), feedback);
        Assert.Equal(1, into.Count);
        Assert.False(into.IsBatch);
        Assert.Equal(type, into.InputType);
        AssertInput(into, 0, wire);
    }

    [Theory]
    [InlineData("""{"uid": 3, "input": [1.5], "label": 2}""")]
    [InlineData("""{"uid": 3, "label": 2, "input": [1.5]}""")]
    [InlineData("""{"input": [1.5], "uid": 3, "label": 2}""")]
    [InlineData("""{"input": [1.5], "label": 2, "uid": 3}""")]
    [InlineData("""{"label": 2, "uid": 3, "input": [1.5]}""")]
    [InlineData("""{"label": 2, "input": [1.5], "uid": 3}""")]
    [InlineData(" \r\n{ \"\\u0075id\" : 3 ,\t\"inp\\u0075t\": [ 1.5 ], \"label\":2.0}\n")]
    public void TryParse_PropertiesInAnyOrderOrEscaped_GiveTheSameFeedback(string body)
    {
        using var into = new ParsedInputs();

        Assert.Equal(new FeedbackRequest(3, 2), Ok(body, InputType.Doubles, into));
        AssertInput(into, 0, Doubles(1.5));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-1", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("7.0", 7L)]
    [InlineData("1e3", 1000L)]
    [InlineData("-2E0", -2L)]
    [InlineData("9007199254740991.0", 9007199254740991L)]
    [InlineData("-9.007199254740991e15", -9007199254740991L)]
    [InlineData("9007199254740993", 9007199254740993L)]
    public void TryParse_UidAsAWholeNumber_IsReadAsInt64(string uid, long expected)
    {
        using var into = new ParsedInputs();

        Assert.Equal(expected, Ok("{\"uid\": " + uid + ", \"input\": \"a\", \"label\": 1}", InputType.Strings, into).Uid);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-0.5", -0.5)]
    [InlineData("0", 0.0)]
    [InlineData("1e300", 1e300)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void TryParse_LabelAsAnyFiniteNumber_IsReadAsDouble(string label, double expected)
    {
        using var into = new ParsedInputs();

        Assert.Equal(expected, Ok("{\"uid\": 1, \"input\": \"a\", \"label\": " + label + "}", InputType.Strings, into).Label);
    }

    [Fact]
    public void TryParse_IntoUsedBefore_HoldsOnlyThisInputAndNoObjective()
    {
        using var into = new ParsedInputs();
        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input_batch": [[1.0], [2.0]], "latency_slo_micros": 500}"""), InputType.Doubles, into, out _));

        Ok("""{"uid": 1, "input": [3.0], "label": 1}""", InputType.Doubles, into);

        Assert.Equal(1, into.Count);
        Assert.False(into.IsBatch);
        Assert.Equal(0, into.RequestedObjectiveMicros);
        AssertInput(into, 0, Doubles(3.0));
    }

    [Theory]
    [InlineData(InputType.Doubles, """{"uid": 12345, "input": [1.5, -2.25e2, 3], "label": 0.125}""")]
    [InlineData(InputType.Strings, """{"label": 1e-3, "input": "he\"llo\u00e9 wörld", "uid": -9}""")]
    [InlineData(InputType.Bytes, """{"input": "aGVsbG8\/d29ybGQ=", "uid": 1.0e1, "label": 7}""")]
    public void TryParse_SplitAtEveryPositionOrEveryByte_ParsesLikeOneSegment(InputType type, string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        using var expected = new ParsedInputs();
        FeedbackRequest expectedFeedback = Ok(json, type, expected);
        using var actual = new ParsedInputs();

        foreach (var body in Sequences.AllSplits(data))
        {
            Assert.True(UpdateRequestParser.TryParse(body, type, DefaultLimits, actual, out FeedbackRequest feedback, out RequestError error), error.Cause);
            Assert.Equal(expectedFeedback, feedback);
            Assert.Equal(1, actual.Count);
            Assert.Equal(expected.GetInput(0).ToArray(), actual.GetInput(0).ToArray());
        }

        for (int first = 0; first <= data.Length; first += 3)
        {
            for (int second = first; second <= data.Length; second += 2)
            {
                Assert.True(UpdateRequestParser.TryParse(Sequences.Split(data, first, second), type, DefaultLimits, actual, out FeedbackRequest feedback, out _), $"cuts {first}, {second}");
                Assert.Equal(expectedFeedback, feedback);
                Assert.Equal(expected.GetInput(0).ToArray(), actual.GetInput(0).ToArray());
            }
        }
    }

    [Fact]
    public void TryParse_InvalidBodySplitAnywhere_GivesTheSameError()
    {
        string[] bodies =
        [
            """{"uid": 1, "input": [1.0, "x"], "label": 1}""",
            """{"uid": 1.5, "input": [1.0], "label": 1}""",
            """{"uid": 1, "input": [1.0], "label": 1} trailing""",
            """{"uid": 1, "input": [1.0""",
            """{"uid": 1, "uid": 2}""",
            """{"uid": 1, "input": [1.0]}""",
        ];

        foreach (string json in bodies)
        {
            RequestError expected = UpdateRequestParserErrorTests.Fails(json, InputType.Doubles);
            foreach (var body in Sequences.AllSplits(Encoding.UTF8.GetBytes(json)))
            {
                using var into = new ParsedInputs();
                Assert.False(UpdateRequestParser.TryParse(body, InputType.Doubles, DefaultLimits, into, out _, out RequestError actual));
                Assert.Equal(expected.Error, actual.Error);
                if (expected.Error == RequestError.QueryProcessingError)
                {
                    // Json errors quote the reader's position, which it reports per segment.
                    Assert.Equal(expected.Cause, actual.Cause);
                }
            }
        }
    }

    [Theory]
    [InlineData(InputType.Doubles, 24, "[1, 2, 3]")]
    [InlineData(InputType.Floats, 12, "[1, 2, 3]")]
    [InlineData(InputType.Integers, 12, "[1, 2, 3]")]
    [InlineData(InputType.Strings, 6, "\"h\\u00e9llo\"")]
    [InlineData(InputType.Bytes, 5, "\"aGVsbG8=\"")]
    public void TryParse_InputAtMaxInputBytes_IsAcceptedAndOneByteLessIsRefused(InputType type, int maxInputBytes, string input)
    {
        string body = "{\"uid\": 1, \"input\": " + input + ", \"label\": 1}";
        using var into = new ParsedInputs();

        Assert.True(UpdateRequestParser.TryParse(Sequences.Single(body), type, Limits(maxInputBytes: maxInputBytes), into, out _, out var error), error.Cause);
        Assert.False(UpdateRequestParser.TryParse(Sequences.Single(body), type, Limits(maxInputBytes: maxInputBytes - 1), into, out _, out error));

        Assert.Equal(RequestError.QueryProcessingError, error.Error);
        Assert.StartsWith($"Expected \"input\" to be at most {maxInputBytes - 1} bytes in wire form (option MaxInputBytes); got {maxInputBytes} bytes", error.Cause, StringComparison.Ordinal);
        Assert.Equal(0, into.Count);
    }

    [Fact]
    public void TryParse_BodyAtTheLeastDepth_IsAccepted()
    {
        using var into = new ParsedInputs();

        Assert.True(UpdateRequestParser.TryParse(Sequences.Single("""{"uid": 1, "input": [1.5], "label": 1}"""), InputType.Doubles, Limits(maxDepth: UpdateRequestParser.RequiredDepth), into, out _, out var error), error.Cause);
    }

    [Fact]
    public void TryParse_BodyDeeperThanMaxJsonDepth_IsAJsonErrorNamingTheOption()
    {
        using var into = new ParsedInputs();

        Assert.False(UpdateRequestParser.TryParse(Sequences.Single("""{"uid": 1, "input": [[1.5]], "label": 1}"""), InputType.Doubles, Limits(maxDepth: 2), into, out _, out var error));

        Assert.Equal(RequestError.JsonError, error.Error);
        Assert.Equal(
            """Expected the body to nest JSON at most 2 levels deep (option MaxJsonDepth); got deeper nesting after byte 21. A feedback request needs 2 levels, e.g. {"uid": 0, "input": [1.0, 2.5], "label": 1.0}""",
            error.Cause);
    }

    [Fact]
    public void TryParse_LimitsThatNoBodyCouldMeet_Throw()
    {
        using var into = new ParsedInputs();
        var body = Sequences.Single("{}");

        Assert.Throws<ArgumentOutOfRangeException>(() => UpdateRequestParser.TryParse(body, InputType.Doubles, Limits(maxDepth: 1), into, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpdateRequestParser.TryParse(body, InputType.Doubles, Limits(maxInputBytes: 0), into, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpdateRequestParser.TryParse(body, (InputType)99, DefaultLimits, into, out _, out _));
        Assert.Throws<ArgumentNullException>(() => UpdateRequestParser.TryParse(body, InputType.Doubles, DefaultLimits, null!, out _, out _));
    }

    internal static ParseLimits DefaultLimits => ParseLimits.WithMaxInputs(PredictRequestParser.DefaultMaxInputs);

    private static ParseLimits Limits(int maxInputBytes = QueryFrontendOptions.DefaultMaxInputBytes, int maxDepth = QueryFrontendOptions.DefaultMaxJsonDepth) =>
        new(PredictRequestParser.DefaultMaxInputs, maxInputBytes, maxDepth);

    private static FeedbackRequest Ok(string json, InputType type, ParsedInputs into)
    {
        bool ok = UpdateRequestParser.TryParse(Sequences.Single(json), type, DefaultLimits, into, out FeedbackRequest feedback, out RequestError error);
        Assert.True(ok, $"Expected {json} to parse as {type}; got {error.Error}: {error.Cause}");
        return feedback;
    }
}
