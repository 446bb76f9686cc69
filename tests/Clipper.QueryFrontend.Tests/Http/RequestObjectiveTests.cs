using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Microsoft.AspNetCore.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>A request's own objective: <c>latency_slo_micros</c> in the body, <c>X-Clipper-Deadline-Ms</c> in the headers.</summary>
public sealed class RequestObjectiveTests
{
    private const long Frequency = 1_000_000_000;

    [Theory]
    [InlineData("""{"input": [1.0], "latency_slo_micros": 20000}""", false)]
    [InlineData("""{"latency_slo_micros": 20000, "input": [1.0]}""", false)]
    [InlineData("""{"latency_slo_micros": 20000, "input_batch": [[1.0], [2.0]]}""", true)]
    [InlineData("""{"input_batch": [[1.0]], "latency_slo_micros": 20000}""", true)]
    public void TryParse_ObjectiveAnywhereInTheBody_IsRead(string body, bool isBatch)
    {
        using var inputs = ParseOk(body, InputType.Doubles);

        Assert.Equal(20_000, inputs.RequestedObjectiveMicros);
        Assert.Equal(isBatch, inputs.IsBatch);
    }

    [Fact]
    public void TryParse_BodyWithoutObjectiveAfterOneWithIt_AsksForNone()
    {
        using var inputs = new ParsedInputs();
        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input": [1.0], "latency_slo_micros": 5}"""), InputType.Doubles, inputs, out _));
        inputs.Reset();

        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input": [1.0]}"""), InputType.Doubles, inputs, out _));

        Assert.Equal(0, inputs.RequestedObjectiveMicros);
    }

    [Theory]
    [InlineData("0", "got 0")]
    [InlineData("-5", "got -5")]
    [InlineData("1.5", "got 1.5")]
    [InlineData("99999999999999999999", "got 99999999999999999999")]
    [InlineData("\"20000\"", "got a string")]
    [InlineData("null", "got null")]
    [InlineData("[20000]", "got an array")]
    public void Body_BadObjective_IsAQueryErrorNamingItAndTheExpectedShape(string value, string got)
    {
        var error = ParseFails("""{"input": [1.0], "latency_slo_micros": """ + value + "}", InputType.Doubles);

        Assert.Equal(RequestError.QueryProcessingError, error.Error);
        Assert.StartsWith("""Expected "latency_slo_micros" to be a positive whole number of microseconds""", error.Cause, StringComparison.Ordinal);
        Assert.Contains("""{"input": [1.0, 2.5], "latency_slo_micros": 20000}""", error.Cause, StringComparison.Ordinal);
        Assert.Contains(got + """ at "latency_slo_micros""", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_ObjectiveTwice_IsRefused()
    {
        var error = ParseFails("""{"latency_slo_micros": 10, "input": [1.0], "latency_slo_micros": 20}""", InputType.Doubles);

        Assert.Equal("""Expected "latency_slo_micros" at most once, e.g. {"input": [1.0, 2.5]} or {"input_batch": [[1.0, 2.5], [3.0]]}; got it twice""", error.Cause);
    }

    [Fact]
    public void Body_ObjectiveAlone_StillNeedsAnInput()
    {
        var error = ParseFails("""{"latency_slo_micros": 10}""", InputType.Doubles);

        Assert.StartsWith("""Expected the body to have an "input" or an "input_batch" property""", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_Absent_AsksForNothing()
    {
        Assert.True(RequestObjective.TryReadHeader(new HeaderDictionary(), out var micros, out _));
        Assert.Equal(0, micros);
    }

    [Fact]
    public void Header_WholeMilliseconds_AreMicroseconds()
    {
        var headers = new HeaderDictionary { [RequestObjective.HeaderName] = "25" };

        Assert.True(RequestObjective.TryReadHeader(headers, out var micros, out _));
        Assert.Equal(25_000, micros);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2.5")]
    [InlineData(" 25")]
    [InlineData("+25")]
    [InlineData("soon")]
    [InlineData("9223372036854776")]
    public void Header_NotAPositiveWholeNumber_IsRefusedNamingIt(string value)
    {
        var headers = new HeaderDictionary { [RequestObjective.HeaderName] = value };

        Assert.False(RequestObjective.TryReadHeader(headers, out _, out var error));
        Assert.Equal(RequestError.QueryProcessingError, error.Error);
        Assert.Equal(
            "Expected the X-Clipper-Deadline-Ms header to be one positive whole number of milliseconds (a tighter objective than the application's), "
            + "e.g. \"X-Clipper-Deadline-Ms: 20\"; got \"" + value + "\"",
            error.Cause);
    }

    [Fact]
    public void Header_Twice_IsRefused()
    {
        var headers = new HeaderDictionary { [RequestObjective.HeaderName] = new(["10", "20"]) };

        Assert.False(RequestObjective.TryReadHeader(headers, out _, out var error));
        Assert.EndsWith("got \"10,20\"", error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 100_000)]
    [InlineData(20_000, 0, 20_000)]
    [InlineData(0, 30_000, 30_000)]
    [InlineData(20_000, 30_000, 20_000)]
    [InlineData(40_000, 30_000, 30_000)]
    [InlineData(500_000, 0, 100_000)]
    [InlineData(long.MaxValue / 1000 * 1000, long.MaxValue, 100_000)]
    public void Effective_IsTheTightestOfTheAppsAndTheRequests(long headerMicros, long bodyMicros, long expectedMicros)
    {
        var appTicks = 100_000 * (Frequency / 1_000_000);

        var ticks = RequestObjective.Effective(appTicks, headerMicros, bodyMicros, Frequency);

        Assert.Equal(expectedMicros * (Frequency / 1_000_000), ticks);
    }
}
