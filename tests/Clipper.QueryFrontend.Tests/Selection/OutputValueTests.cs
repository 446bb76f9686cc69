using System.Text;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Tests.Selection;

public sealed class OutputValueTests
{
    [Theory]
    [InlineData("0.7", 0.7)]
    [InlineData("-2e3", -2000)]
    [InlineData("0", 0)]
    [InlineData(" 12 \n", 12)]
    [InlineData("\"1\"", 1)]
    [InlineData("\" 0.5 \"", 0.5)]
    [InlineData("\"-1.5E-2\"", -0.015)]
    [InlineData("1.7976931348623157E+308", double.MaxValue)]
    public void TryGetNumber_NumberOrStringHoldingOne_ReadsIt(string output, double expected)
    {
        Assert.True(OutputValue.TryGetNumber(Encoding.UTF8.GetBytes(output), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("cat")]
    [InlineData("\"cat\"")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1}")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("1,5")]
    [InlineData("1 2")]
    [InlineData("NaN")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e400")]
    [InlineData("\"1,000\"")]
    [InlineData("\"\\u0031\"")]
    [InlineData("\"1\"2\"")]
    [InlineData("\"")]
    public void TryGetNumber_AnythingElse_IsNotNumeric(string output)
    {
        Assert.False(OutputValue.TryGetNumber(Encoding.UTF8.GetBytes(output), out var value));
        Assert.Equal(0, value);
    }

    [Fact]
    public void TryGetNumber_NotUtf8_IsNotNumeric() =>
        Assert.False(OutputValue.TryGetNumber([0xFF, 0x31], out _));
}
