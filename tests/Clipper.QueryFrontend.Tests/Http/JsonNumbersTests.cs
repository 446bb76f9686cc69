using System.Globalization;
using System.Text;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>
/// The frontend converts JSON numbers with csFastFloat; every conversion must give the very bits the
/// runtime's own correctly rounded parser gives, for the numbers clients send and for the hard cases.
/// </summary>
public sealed class JsonNumbersTests
{
    private static readonly string[] s_hardCases =
    [
        "0", "-0", "0.0", "-0.0e0", "1", "-1", "0.1", "0.5", "1e0", "1E+2", "1e-2", "123456789012345678901234567890",
        "9007199254740993", "9007199254740992.5", "0.1000000000000000055511151231257827021181583404541015625",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400",
        "3.4028235e38", "3.4028236e38", "3.40282357e38", "1.4e-45", "0.7e-45", "7.0064923216240854e-46",
        "1.17549435e-38", "16777217", "16777216.5", "0.000001", "0.999999", "8.589973e9", "7.038531e-26",
        "4.7223665e21", "1.00000017881393432617187499", "1.00000005960464477539062500",
        "0." + new string('0', 300) + "1", new string('9', 400), "1" + new string('0', 400) + "e-400",
    ];

    public static TheoryData<string> HardCases()
    {
        var data = new TheoryData<string>();
        foreach (string token in s_hardCases)
        {
            data.Add(token);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HardCases))]
    public void ParseDouble_HardCase_GivesTheRuntimesBits(string token) => AssertDouble(token);

    [Theory]
    [MemberData(nameof(HardCases))]
    public void ParseSingle_HardCase_GivesTheRuntimesBits(string token) => AssertSingle(token);

    [Fact]
    public void Parse_RandomValuesInEveryFormatClientsUse_GivesTheRuntimesBits()
    {
        var random = new Random(20261207);
        string[] formats = ["R", "G9", "G17", "F6", "E3", "E16"];
        for (int i = 0; i < 20_000; i++)
        {
            double magnitude = Math.Pow(10, random.Next(-40, 40));
            double value = (random.NextDouble() - 0.5) * magnitude;
            string token = value.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture);
            AssertDouble(token);
            AssertSingle(token);
            float rounded = (float)value;
            if (float.IsFinite(rounded))
            {
                AssertSingle(rounded.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void Parse_RandomDigitStringsWithRandomExponents_GivesTheRuntimesBits()
    {
        var random = new Random(7);
        var builder = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            builder.Clear();
            if (random.Next(2) == 0)
            {
                builder.Append('-');
            }

            builder.Append((char)('1' + random.Next(9)));
            int digits = random.Next(0, 40);
            if (digits > 0)
            {
                builder.Append('.');
                for (int d = 0; d < digits; d++)
                {
                    builder.Append((char)('0' + random.Next(10)));
                }
            }

            builder.Append('e').Append(random.Next(-340, 320));
            string token = builder.ToString();
            AssertDouble(token);
            AssertSingle(token);
        }
    }

    [Theory]
    [InlineData("1.5 ")]
    [InlineData("1.5x")]
    [InlineData("")]
    public void Parse_TextThatIsNotOneWholeNumber_IsRefused(string token)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(token);
        Assert.False(JsonNumbers.ParseDouble(bytes, out _));
        Assert.False(JsonNumbers.ParseSingle(bytes, out _));
    }

    private static void AssertDouble(string token)
    {
        Assert.True(JsonNumbers.ParseDouble(Encoding.UTF8.GetBytes(token), out double actual), token);
        double expected = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{token}: expected {expected:R}, got {actual:R}");
    }

    private static void AssertSingle(string token)
    {
        Assert.True(JsonNumbers.ParseSingle(Encoding.UTF8.GetBytes(token), out float actual), token);
        float expected = float.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{token}: expected {expected:R}, got {actual:R}");
    }
}
