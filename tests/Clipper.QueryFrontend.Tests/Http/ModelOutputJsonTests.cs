using System.Text;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class ModelOutputJsonTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-1.5e3", "-1.5e3")]
    [InlineData(" {\"a\": [1, {\"b\": null}]}\n", "{\"a\": [1, {\"b\": null}]}")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("false", "false")]
    [InlineData("[]", "[]")]
    public void TryGetSingleValue_CompleteValue_FindsItWithoutSurroundingWhitespace(string output, string value)
    {
        Assert.True(ModelOutputJson.TryGetSingleValue(Encoding.UTF8.GetBytes(output), out ReadOnlySpan<byte> json));
        Assert.Equal(value, Encoding.UTF8.GetString(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello")]
    [InlineData("nul")]
    [InlineData("nullx")]
    [InlineData("1 2")]
    [InlineData("01")]
    [InlineData("-")]
    [InlineData("\"")]
    [InlineData("\"unterminated")]
    [InlineData("{\"a\": 1} {\"b\": 2}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("[1] // comment")]
    [InlineData("NaN")]
    public void TryGetSingleValue_AnythingElse_IsNotAValue(string output) =>
        Assert.False(ModelOutputJson.TryGetSingleValue(Encoding.UTF8.GetBytes(output), out _));

    [Fact]
    public void TryGetSingleValue_StringNotUtf8_IsNotAValue()
    {
        byte[] output = [(byte)'[', (byte)'"', 0xC3, (byte)'"', (byte)']'];

        Assert.False(ModelOutputJson.TryGetSingleValue(output, out _));
    }

    [Fact]
    public void TryGetSingleValue_NestingBeyondTheReaderDepth_IsNotAValue()
    {
        byte[] output = Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100));

        Assert.False(ModelOutputJson.TryGetSingleValue(output, out _));
    }
}
