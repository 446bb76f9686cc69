using System.Text;
using Clipper.ModelRpc.Protocol;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;
using static Clipper.QueryFrontend.Tests.Oip.OipParse;

namespace Clipper.QueryFrontend.Tests.Oip;

public sealed class OipRequestParserTests
{
    [Fact]
    public void TryParse_SpecExampleWithOneInput_ParsesEachRowAsOneQuery()
    {
        // From the protocol's "Inference Request Examples" (kserve/kserve docs/predict-api/v2/required_api.md), with the
        // second input removed (Clipper models take one) and INT32 for UINT32, which Clipper has no input type for.
        const string Body = """
            {
              "id" : "42",
              "inputs" : [
                {
                  "name" : "input0",
                  "shape" : [ 2, 2 ],
                  "datatype" : "INT32",
                  "data" : [ 1, 2, 3, 4 ]
                }
              ],
              "outputs" : [
                {
                  "name" : "output"
                }
              ]
            }
            """;
        using var rows = Ok(Body, InputType.Integers, out var request);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, request.Rows);
        AssertInput(rows, 0, Ints(1, 2));
        AssertInput(rows, 1, Ints(3, 4));
        Assert.Equal("\"42\"", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(Body), request.IdStart, request.IdLength));
    }

    [Theory]
    [InlineData("[1, 2, 4, 5]")]
    [InlineData("[[1, 2], [4, 5]]")]
    public void TryParse_FlatOrNestedData_GivesTheSameRows(string data)
    {
        // The spec's Tensor Data example: the matrix [1 2; 4 5] in its natural or its flattened form.
        using var rows = Ok(Tensor("FP64", "[2, 2]", data), InputType.Doubles);

        AssertInput(rows, 0, Doubles(1, 2));
        AssertInput(rows, 1, Doubles(4, 5));
    }

    [Fact]
    public void TryParse_ThreeDimensions_FlattensEachRow()
    {
        using var rows = Ok(Tensor("FP32", "[2, 2, 2]", "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]"), InputType.Floats);

        AssertInput(rows, 0, Floats(1, 2, 3, 4));
        AssertInput(rows, 1, Floats(5, 6, 7, 8));
    }

    [Fact]
    public void TryParse_Fp32ForADoublesModel_RoundsToFloat32ThenWidens()
    {
        using var rows = Ok(Tensor("FP32", "[1, 2]", "[0.1, 2]"), InputType.Doubles);

        AssertInput(rows, 0, Doubles(0.1f, 2));
    }

    [Fact]
    public void TryParse_Int64ThatFits_IsAcceptedForAnIntegersModel()
    {
        using var rows = Ok(Tensor("INT64", "[3]", "[7, -2147483648, 2.0]"), InputType.Integers);

        Assert.Equal(3, rows.Count);
        AssertInput(rows, 1, Ints(int.MinValue));
        AssertInput(rows, 2, Ints(2));
    }

    [Theory]
    [InlineData("[2]")]
    [InlineData("[2, 1]")]
    public void TryParse_BytesForAStringsModel_IsOneStringPerRow(string shape)
    {
        using var rows = Ok(Tensor("BYTES", shape, shape == "[2]" ? """["héllo", "a\"b"]""" : """[["héllo"], ["a\"b"]]"""), InputType.Strings);

        Assert.Equal(2, rows.Count);
        Assert.Equal("héllo", Encoding.UTF8.GetString(rows.GetInput(0).Span));
        Assert.Equal("a\"b", Encoding.UTF8.GetString(rows.GetInput(1).Span));
    }

    [Fact]
    public void TryParse_BytesForABytesModel_DecodesBase64()
    {
        using var rows = Ok(Tensor("BYTES", "[1]", "[\"AAEC+v8=\"]"), InputType.Bytes);

        Assert.Equal(new byte[] { 0, 1, 2, 250, 255 }, rows.GetInput(0).ToArray());
    }

    [Fact]
    public void TryParse_RowsOfNoElements_AreEmptyInputs()
    {
        using var rows = Ok(Tensor("FP64", "[3, 0]", "[]"), InputType.Doubles);

        Assert.Equal(3, rows.Count);
        Assert.Equal(0, rows.TotalBytes);
    }

    [Fact]
    public void TryParse_MembersInAnyOrderWithParameters_AreAccepted()
    {
        const string Body = """
            {"outputs": [{"parameters": {"binary_data": false}, "name": "output"}], "parameters": {"priority": 1},
             "inputs": [{"data": [[1], [2]], "parameters": {"x": "y"}, "shape": [2, 1], "datatype": "FP64", "name": "in"}]}
            """;
        using var rows = Ok(Body, InputType.Doubles, out var request);

        Assert.Equal(2, rows.Count);
        Assert.False(request.HasId);
    }

    [Fact]
    public void TryParse_IdWithEscapes_KeepsTheRawToken()
    {
        const string Body = """{"id": "a\"b\u00e9", "inputs": [{"name": "x", "datatype": "FP64", "shape": [1, 1], "data": [1]}]}""";
        using var rows = Ok(Body, InputType.Doubles, out var request);

        Assert.Equal("\"a\\\"b\\u00e9\"", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(Body), request.IdStart, request.IdLength));
    }
}
