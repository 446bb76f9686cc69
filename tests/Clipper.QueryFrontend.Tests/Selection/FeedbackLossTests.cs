using System.Text;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Tests.Selection;

public sealed class FeedbackLossTests
{
    [Theory]
    [InlineData("1", 1.0, 0)]
    [InlineData("\"1\"", 1.0, 0)]
    [InlineData("0", 1.0, 1)]
    [InlineData("0.75", 1.0, 0.25)]
    [InlineData("\"0.5\"", 0.0, 0.5)]
    [InlineData("7", 1.0, 1)]
    [InlineData("-3", 2.0, 1)]
    [InlineData("1.7976931348623157E+308", -1.7976931348623157E+308, 1)]
    public void Of_NumericOutput_IsTheCappedAbsoluteError(string output, double label, double expected) =>
        Assert.Equal(expected, FeedbackLoss.Of(Encoding.UTF8.GetBytes(output), label), 12);

    [Theory]
    [InlineData("cat", 1.0)]
    [InlineData("\"cat\"", 0.0)]
    [InlineData("[1]", 1.0)]
    [InlineData("true", 1.0)]
    [InlineData("", 0.0)]
    [InlineData("1e400", 1.0)]
    public void Of_NonNumericOutput_LosesOne(string output, double label) =>
        Assert.Equal(1, FeedbackLoss.Of(Encoding.UTF8.GetBytes(output), label));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Of_LabelNotFinite_ThrowsNamingTheLabel(double label)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackLoss.Of("1"u8, label));
        Assert.Equal("label", error.ParamName);
        Assert.Contains("expected a finite number", error.Message, StringComparison.Ordinal);
    }
}
