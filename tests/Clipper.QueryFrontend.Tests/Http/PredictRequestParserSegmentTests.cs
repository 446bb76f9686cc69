using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>Bodies arrive from Kestrel in several segments; every token may straddle a boundary.</summary>
public sealed class PredictRequestParserSegmentTests
{
    private const string DoublesBody = """{ "input_batch" : [[1.5, -2.25e2, 3], [], [1.7976931348623157e308]] }""";
    private const string StringsBody = """{"input_batch": ["he\"llo\u00e9", "wörld", ""]}""";
    private const string BytesBody = """{"input": "aGVsbG8\/d29ybGQ="}""";

    public static TheoryData<InputType, string> Bodies => new()
    {
        { InputType.Doubles, DoublesBody },
        { InputType.Strings, StringsBody },
        { InputType.Bytes, BytesBody },
        { InputType.Integers, """{"input": [2147483647, -1, 2.0, 1e3]}""" },
        { InputType.Floats, """{"input_batch": [[0.1, 3.4028235e38]]}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TryParse_SplitAtEveryPosition_ParsesLikeOneSegment(InputType type, string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        using ParsedInputs expected = ParseOk(json, type);
        using var actual = new ParsedInputs();

        for (int cut = 0; cut <= data.Length; cut++)
        {
            Assert.True(PredictRequestParser.TryParse(Sequences.Split(data, cut), type, actual, out RequestError error), $"cut {cut}: {error.Cause}");
            AssertSame(expected, actual, $"cut {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TryParse_SplitIntoThreeAtEveryPairOfPositions_ParsesLikeOneSegment(InputType type, string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        using ParsedInputs expected = ParseOk(json, type);
        using var actual = new ParsedInputs();

        for (int first = 0; first <= data.Length; first++)
        {
            for (int second = first; second <= data.Length; second++)
            {
                Assert.True(PredictRequestParser.TryParse(Sequences.Split(data, first, second), type, actual, out _), $"cuts {first}, {second}");
                AssertSame(expected, actual, $"cuts {first}, {second}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TryParse_OneBytePerSegment_ParsesLikeOneSegment(InputType type, string json)
    {
        using ParsedInputs expected = ParseOk(json, type);
        using var actual = new ParsedInputs();

        Assert.True(PredictRequestParser.TryParse(Sequences.OneBytePerSegment(Encoding.UTF8.GetBytes(json)), type, actual, out _));
        AssertSame(expected, actual, "byte per segment");
    }

    [Fact]
    public void TryParse_InvalidBodySplitAnywhere_GivesTheSameError()
    {
        string[] bodies =
        [
            """{"input": [1.0, "x"]}""",
            """{"input": [1.0]} trailing""",
            """{"input": [1.0""",
            """{"input_batch": [[1.0], [1e400]]}""",
            """{"unknown_property": 1}""",
        ];

        foreach (string json in bodies)
        {
            RequestError expected = ParseHelper.ParseFails(json, InputType.Doubles);
            byte[] data = Encoding.UTF8.GetBytes(json);
            for (int cut = 0; cut <= data.Length; cut++)
            {
                RequestError actual = ParseHelper.ParseFails(Sequences.Split(data, cut), InputType.Doubles);
                Assert.Equal(expected.Error, actual.Error);
                if (expected.Error == RequestError.QueryProcessingError)
                {
                    // Json errors quote the reader's position, which it reports per segment; ours must match exactly.
                    Assert.Equal(expected.Cause, actual.Cause);
                }
            }

            Assert.Equal(expected.Error, ParseHelper.ParseFails(Sequences.OneBytePerSegment(data), InputType.Doubles).Error);
        }
    }

    [Fact]
    public void TryParse_TrailingContentAcrossSegments_CountsItsOffsetFromTheStart()
    {
        byte[] data = Encoding.UTF8.GetBytes("""{"input": [1.0]}   x""");

        RequestError error = ParseHelper.ParseFails(Sequences.OneBytePerSegment(data), InputType.Doubles);

        Assert.Contains("at byte 19", error.Cause, StringComparison.Ordinal);
    }

    private static void AssertSame(ParsedInputs expected, ParsedInputs actual, string because)
    {
        Assert.True(expected.Count == actual.Count, because);
        Assert.Equal(expected.IsBatch, actual.IsBatch);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected.GetInput(i).Span.SequenceEqual(actual.GetInput(i).Span), $"{because}: input {i} differs");
        }
    }
}
