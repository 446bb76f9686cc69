using Clipper.Faults.Cli;

namespace Clipper.Faults.Tests.Cli;

public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1.5s", 1.5)]
    public void Parse_NumberAndUnit_ReturnsTheDuration(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationOption.Parse(text, "--hold"));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("ten s")]
    [InlineData("-1s")]
    [InlineData("5d")]
    [InlineData("")]
    public void Parse_NotADuration_NamesTheOptionTheValueAndTheExpectedForm(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => DurationOption.Parse(text, "--hold"));

        Assert.Contains($"--hold '{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("such as 500ms, 10s, 2m or 1h", error.Message, StringComparison.Ordinal);
    }
}
