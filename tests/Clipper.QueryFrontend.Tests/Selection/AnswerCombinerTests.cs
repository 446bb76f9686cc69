using System.Text;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Tests.Selection;

public sealed class AnswerCombinerTests
{
    private static ReadOnlyMemory<byte>?[] Outputs(params string?[] texts)
    {
        var outputs = new ReadOnlyMemory<byte>?[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            // Not a conditional expression: its null would become an empty output through byte[]'s conversion.
            if (texts[i] is { } text)
            {
                outputs[i] = Encoding.UTF8.GetBytes(text);
            }
        }

        return outputs;
    }

    private static (string? Output, CombinedAnswer Answer, bool[] Used) Combine(double[] weights, params string?[] texts)
    {
        var used = new bool[texts.Length];
        var answer = AnswerCombiner.Combine(Outputs(texts), weights, used);
        return (answer.Output is { } output ? Encoding.UTF8.GetString(output) : null, answer, used);
    }

    [Fact]
    public void Combine_AllNumeric_WritesTheWeightedMean()
    {
        var (output, answer, used) = Combine([1, 3], "0", "\"1\"");

        Assert.Equal("0.75", output);
        Assert.True(answer.IsMean);
        Assert.Equal(2, answer.UsedCount);
        Assert.Equal([true, true], used);
    }

    [Theory]
    [InlineData("0.7", "0.7", "0.7", "0.7")]
    [InlineData("1.0", "1", "1e0", "1")]
    [InlineData("0.1", "0.2", "0.30000000000000004", "0.2")]
    [InlineData("1e300", "1.7976931348623157E+308", "1.7976931348623157E+308", "1.1984620932415437E+308")]
    [InlineData("-1.7976931348623157E+308", "1.7976931348623157E+308", "0", "0")]
    public void Combine_EqualWeights_WritesTheShortestRoundTripMean(string a, string b, string c, string expected)
    {
        var (output, answer, _) = Combine([1, 1, 1], a, b, c);

        Assert.Equal(expected, output);
        Assert.True(answer.IsMean);
    }

    [Fact]
    public void Combine_SomeMissing_UsesOnlyThoseThatArrived()
    {
        var (output, answer, used) = Combine([10, 1, 1], null, "2", "4");

        Assert.Equal("3", output);
        Assert.Equal(2, answer.UsedCount);
        Assert.Equal([false, true, true], used);
    }

    [Fact]
    public void Combine_NoneArrived_HasNoOutput()
    {
        var (output, answer, used) = Combine([1, 1], null, null);

        Assert.Null(output);
        Assert.False(answer.HasOutput);
        Assert.Equal(0, answer.UsedCount);
        Assert.Equal([false, false], used);
    }

    [Fact]
    public void Combine_NoOutputs_HasNoOutput() =>
        Assert.False(AnswerCombiner.Combine([], [], []).HasOutput);

    [Fact]
    public void Combine_ZeroTotalWeight_WeighsEquallyForTheMean()
    {
        var (output, _, _) = Combine([0, 0, 5], "1", "2", null);

        Assert.Equal("1.5", output);
    }

    [Fact]
    public void Combine_ZeroTotalWeight_VotesEqually()
    {
        var (output, answer, used) = Combine([0, 0, 0, 7], "cat", "dog", "dog", null);

        Assert.Equal("dog", output);
        Assert.Equal(2, answer.UsedCount);
        Assert.Equal([false, true, true, false], used);
    }

    [Fact]
    public void Combine_SomeNotNumeric_VotesByWeight()
    {
        var (output, answer, used) = Combine([1, 1, 3], "cat", "cat", "1");

        Assert.Equal("1", output);
        Assert.False(answer.IsMean);
        Assert.Equal(1, answer.UsedCount);
        Assert.Equal([false, false, true], used);
    }

    [Fact]
    public void Combine_Vote_ComparesExactBytes()
    {
        var (output, _, used) = Combine([1, 1, 1], "\"cat\"", "cat", "\"cat\"");

        Assert.Equal("\"cat\"", output);
        Assert.Equal([true, false, true], used);
    }

    [Fact]
    public void Combine_VoteTie_GoesToTheEarliestOutput()
    {
        var (output, _, used) = Combine([1, 1, 1, 1], "b", "[1,2]", "[1,2]", "b");

        Assert.Equal("b", output);
        Assert.Equal([true, false, false, true], used);

        (output, _, used) = Combine([2, 1, 1], "b", "a", "a");
        Assert.Equal("b", output);
        Assert.Equal([true, false, false], used);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("not { json")]
    [InlineData("")]
    public void Combine_TextThatIsNotJson_IsVotedOnAndCopied(string text)
    {
        var outputs = Outputs(text, "1");
        var used = new bool[2];

        var answer = AnswerCombiner.Combine(outputs, [2, 1], used);

        Assert.Equal(text, Encoding.UTF8.GetString(answer.Output!));
        Assert.False(answer.IsMean);
        Assert.Equal([true, false], used);
    }

    [Fact]
    public void Combine_ManyOutputs_VotesWithRentedScratch()
    {
        var texts = new string?[100];
        var weights = new double[100];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i % 3 == 2 ? "two" : "other-" + (i % 3);
            weights[i] = 1;
        }

        var (output, answer, _) = Combine(weights, texts);

        Assert.Equal("other-0", output);
        Assert.Equal(34, answer.UsedCount);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Combine_BadWeight_ThrowsNamingItsIndex(double weight)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AnswerCombiner.Combine(Outputs("1", "2"), [1, weight], new bool[2]));

        Assert.Equal("weights", error.ParamName);
        Assert.Contains("Weight 1 is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_LengthsDiffer_ThrowsNamingTheCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => AnswerCombiner.Combine(Outputs("1", "2"), [1], new bool[2]));

        Assert.Contains("one weight per output (2), got 1", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => AnswerCombiner.Combine(Outputs("1", "2"), [1, 1], new bool[3]));
        Assert.Contains("one 'used' flag per output (2), got 3", error.Message, StringComparison.Ordinal);
    }
}
