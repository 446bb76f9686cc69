using System.Text;
using Clipper.Faults.Load;

namespace Clipper.Faults.Tests.Load;

public sealed class AnswerReaderTests
{
    [Fact]
    public void OfSuccess_ModelAnswer_IsModel()
    {
        Assert.Equal((Outcome.Model, ""), AnswerReader.OfSuccess("""{"query_id":3,"output":1.0,"default":false}"""u8));
    }

    [Fact]
    public void OfSuccess_DefaultWithClippersExplanation_IsTheShortName()
    {
        var body = """{"query_id":3,"output":-1.0,"default":true,"default_explanation":"Failed to retrieve a prediction response within the specified latency SLO"}"""u8;

        Assert.Equal((Outcome.Default, "objective missed"), AnswerReader.OfSuccess(body));
    }

    [Fact]
    public void OfSuccess_DefaultWithoutExplanation_IsMissing()
    {
        Assert.Equal((Outcome.Default, Explanations.Missing), AnswerReader.OfSuccess("""{"query_id":3,"output":-1.0,"default":true}"""u8));
    }

    [Theory]
    [InlineData("""{"query_id":3,"output":1.0}""", "200 without a \"default\" flag")]
    [InlineData("not json", "200 with a body that is not JSON")]
    [InlineData("[1]", "200 without a JSON object")]
    public void OfSuccess_NotAnAnswer_IsAnErrorSayingWhat(string body, string kind)
    {
        Assert.Equal((Outcome.Error, kind), AnswerReader.OfSuccess(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void OfError_ClippersErrorBody_IsTheStatusAndTheError()
    {
        Assert.Equal("HTTP 503 Model queue full", AnswerReader.OfError(503, """{"error":"Model queue full","cause":"..."}"""u8));
        Assert.Equal("HTTP 431", AnswerReader.OfError(431, ""u8));
    }
}
