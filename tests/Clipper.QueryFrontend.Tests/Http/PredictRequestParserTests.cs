using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class PredictRequestParserTests
{
    [Fact]
    public void TryParse_DoublesInput_PacksFloat64LittleEndian()
    {
        using ParsedInputs inputs = ParseOk("""{"input": [1.0, 2.5, -3e-2, 1.7976931348623157e308]}""", InputType.Doubles);

        Assert.False(inputs.IsBatch);
        Assert.Equal(InputType.Doubles, inputs.InputType);
        Assert.Equal(1, inputs.Count);
        AssertInput(inputs, 0, Doubles(1.0, 2.5, -3e-2, double.MaxValue));
    }

    [Fact]
    public void TryParse_DoublesInputBatch_KeepsEachInputSeparate()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": [[1.0, 2.5], [3], []]}""", InputType.Doubles);

        Assert.True(inputs.IsBatch);
        Assert.Equal(3, inputs.Count);
        AssertInput(inputs, 0, Doubles(1.0, 2.5));
        AssertInput(inputs, 1, Doubles(3.0));
        AssertInput(inputs, 2, []);
        Assert.Equal(24, inputs.TotalBytes);
    }

    [Fact]
    public void TryParse_FloatsInput_RoundsToFloat32()
    {
        using ParsedInputs inputs = ParseOk("""{"input": [0.1, -2, 3.4028235e38, 1e-50]}""", InputType.Floats);

        AssertInput(inputs, 0, Floats(0.1f, -2f, float.MaxValue, 0f));
    }

    [Fact]
    public void TryParse_FloatsInputBatch_PacksEachInput()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": [[0.5], [1.25, 2]]}""", InputType.Floats);

        Assert.Equal(2, inputs.Count);
        AssertInput(inputs, 0, Floats(0.5f));
        AssertInput(inputs, 1, Floats(1.25f, 2f));
    }

    [Fact]
    public void TryParse_IntegersInput_PacksInt32LittleEndianIncludingTheRangeEnds()
    {
        using ParsedInputs inputs = ParseOk("""{"input": [1, -2, 2147483647, -2147483648, 0]}""", InputType.Integers);

        AssertInput(inputs, 0, Ints(1, -2, int.MaxValue, int.MinValue, 0));
    }

    [Fact]
    public void TryParse_IntegersWrittenWithAFractionOrExponent_AcceptsWholeNumbers()
    {
        using ParsedInputs inputs = ParseOk("""{"input": [2.0, 1e3, -0.0]}""", InputType.Integers);

        AssertInput(inputs, 0, Ints(2, 1000, 0));
    }

    [Fact]
    public void TryParse_IntegersInputBatch_PacksEachInput()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": [[1, 2, 3], [4, 5]]}""", InputType.Integers);

        AssertInput(inputs, 0, Ints(1, 2, 3));
        AssertInput(inputs, 1, Ints(4, 5));
    }

    [Fact]
    public void TryParse_BytesInput_DecodesBase64()
    {
        using ParsedInputs inputs = ParseOk("""{"input": "aGVsbG8="}""", InputType.Bytes);

        AssertInput(inputs, 0, "hello"u8.ToArray());
    }

    [Fact]
    public void TryParse_BytesWithEscapedBase64Characters_UnescapesBeforeDecoding()
    {
        byte[] raw = [0xFB, 0xFF, 0xBF];
        string base64 = Convert.ToBase64String(raw); // "+/+/"
        string escaped = base64.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);

        using ParsedInputs inputs = ParseOk($$"""{"input": "{{escaped}}"}""", InputType.Bytes);

        AssertInput(inputs, 0, raw);
    }

    [Fact]
    public void TryParse_BytesInputBatch_IncludesEmptyInputs()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": ["aGVsbG8=", "", "d29ybGQ="]}""", InputType.Bytes);

        Assert.Equal(3, inputs.Count);
        AssertInput(inputs, 0, "hello"u8.ToArray());
        AssertInput(inputs, 1, []);
        AssertInput(inputs, 2, "world"u8.ToArray());
    }

    [Fact]
    public void TryParse_StringsInput_IsUnescapedUtf8()
    {
        using ParsedInputs inputs = ParseOk("""{"input": "say \"hi\"\n\u00e9\ud83d\ude00"}""", InputType.Strings);

        AssertInput(inputs, 0, Encoding.UTF8.GetBytes("say \"hi\"\né😀"));
    }

    [Fact]
    public void TryParse_StringsInputBatch_KeepsEachInputIncludingEmptyOnes()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": ["hello", "wörld", ""]}""", InputType.Strings);

        Assert.True(inputs.IsBatch);
        AssertInput(inputs, 0, "hello"u8.ToArray());
        AssertInput(inputs, 1, Encoding.UTF8.GetBytes("wörld"));
        AssertInput(inputs, 2, []);
    }

    [Fact]
    public void TryParse_WhitespaceAroundAndInsideTheBody_IsAccepted()
    {
        using ParsedInputs inputs = ParseOk(" \r\n\t{ \"input\" :\n[ 1 , 2 ] }\n ", InputType.Integers);

        AssertInput(inputs, 0, Ints(1, 2));
    }

    [Fact]
    public void TryParse_BatchOfExactlyMaxInputs_IsAccepted()
    {
        using var inputs = new ParsedInputs();

        bool ok = PredictRequestParser.TryParse(Sequences.Single("""{"input_batch": ["a", "b", "c"]}"""), InputType.Strings, 3, inputs, out _);

        Assert.True(ok);
        Assert.Equal(3, inputs.Count);
    }

    [Fact]
    public void TryParse_LargeInputs_GrowTheBufferWithoutCorruptingEarlierInputs()
    {
        var json = new StringBuilder("{\"input_batch\": [");
        var expected = new List<double[]>();
        for (int i = 0; i < 300; i++)
        {
            double[] values = Enumerable.Range(0, 50).Select(j => (i * 1000) + j + 0.5).ToArray();
            expected.Add(values);
            json.Append(i == 0 ? "[" : ", [").AppendJoin(", ", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))).Append(']');
        }

        using ParsedInputs inputs = ParseOk(json.Append("]}").ToString(), InputType.Doubles);

        Assert.Equal(300, inputs.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            AssertInput(inputs, i, Doubles(expected[i]));
        }
    }
}
