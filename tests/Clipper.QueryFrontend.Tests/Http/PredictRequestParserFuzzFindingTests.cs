using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>Inputs afl found (bench/fuzz.sh predict-body), minimized: each crashed the parser before its fix.</summary>
public sealed class PredictRequestParserFuzzFindingTests
{
    public static TheoryData<string, InputType> UnpairedSurrogateNames => new()
    {
        // The campaign's input was {"\u00dfe \ud8346, _batch": [[...: the reader threw while comparing the name.
        { """{"\ud834": [1]}""", InputType.Doubles },
        { """{"\udc00": "a"}""", InputType.Strings },
        { """{"input": [1], "\ud800x": 2}""", InputType.Integers },
        { """{"in\ud83dput_batch": ["AA=="]}""", InputType.Bytes },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogateNames))]
    public void TryParse_PropertyNameWithUnpairedSurrogateEscape_IsAJsonErrorNotAnException(string body, InputType type)
    {
        RequestError error = ParseFails(body, type);

        Assert.Equal(RequestError.JsonError, error.Error);
        Assert.StartsWith("The request body is not valid JSON: a property name of the body object is not valid Unicode", error.Cause, StringComparison.Ordinal);
        Assert.Contains("Expected a JSON object such as", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PropertyNameWithUnpairedSurrogateEscape_IsRefusedAcrossEverySegmentSplit()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"\ud834": [1]}""");

        foreach (var sequence in Sequences.AllSplits(body))
        {
            Assert.Equal(RequestError.JsonError, ParseFails(sequence, InputType.Doubles).Error);
        }
    }

    [Fact]
    public void TryParse_PropertyNameWithPairedSurrogateEscape_IsAnUnknownProperty()
    {
        RequestError error = ParseFails("""{"\ud83d\ude00": [1]}""", InputType.Doubles);

        Assert.Equal(RequestError.QueryProcessingError, error.Error);
        Assert.Contains("unknown property \"\U0001F600\"", error.Cause, StringComparison.Ordinal);
    }
}
