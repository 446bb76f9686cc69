using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Oip.OipParse;

namespace Clipper.QueryFrontend.Tests.Oip;

/// <summary>Every refused inference request says what was wrong, where, and what was expected.</summary>
public sealed class OipRequestParserErrorTests
{
    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"inputs\": [", "not valid JSON")]
    [InlineData("{\"inputs\": []} x", "not valid JSON")]
    [InlineData("[1]", "must be a JSON object (an inference request with 'inputs'); got an array")]
    [InlineData("{}", "has no 'inputs'")]
    [InlineData("{\"inputs\": []}", "'inputs' is empty")]
    [InlineData("{\"inputs\": {}}", "'inputs' must be an array of input tensors; got an object")]
    [InlineData("{\"inputs\": [1]}", "inputs[0] must be an input tensor object; got a number")]
    [InlineData("{\"id\": 42, \"inputs\": []}", "'id' must be a string; got a number")]
    [InlineData("{\"parameters\": [], \"inputs\": []}", "'parameters' of the inference request must be an object; got an array")]
    [InlineData("{\"input\": [1]}", "Unknown member 'input' in the inference request; expected only: id, parameters, inputs, outputs")]
    [InlineData("{\"id\": \"a\", \"id\": \"b\"}", "Member 'id' appears twice in the inference request")]
    public void TryParse_BadRequestObject_SaysWhatIsWrong(string json, string expected) =>
        Assert.Contains(expected, Fails(json, InputType.Doubles), StringComparison.Ordinal);

    [Fact]
    public void TryParse_TwoInputTensors_SaysClipperModelsTakeOne()
    {
        // The spec's own example request (kserve/kserve docs/predict-api/v2/required_api.md), which has two inputs.
        const string Body = """
            {"id" : "42", "inputs" : [
                {"name" : "input0", "shape" : [ 2, 2 ], "datatype" : "UINT32", "data" : [ 1, 2, 3, 4 ]},
                {"name" : "input1", "shape" : [ 3 ], "datatype" : "BOOL", "data" : [ true ]}],
              "outputs" : [{"name" : "output0"}]}
            """;

        Assert.Contains("has 2 input tensors; Clipper models take exactly one input", Fails(Body, InputType.Integers), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"inputs": [{"datatype": "FP64", "shape": [1], "data": [1]}]}""", "Input tensor inputs[0] has no 'name'")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "data": [1]}]}""", "Input tensor 'x' has no 'datatype'")]
    [InlineData("""{"inputs": [{"name": "x", "datatype": "FP64", "data": [1]}]}""", "Input tensor 'x' has no 'shape'")]
    [InlineData("""{"inputs": [{"name": "x", "datatype": "FP64", "shape": [1]}]}""", "Input tensor 'x' has no 'data'")]
    [InlineData("""{"inputs": [{"name": 1}]}""", "'name' of input tensor inputs[0] must be a string; got a number")]
    [InlineData("""{"inputs": [{"name": "x", "shape": "1"}]}""", "'shape' of input tensor inputs[0] must be an array of dimensions; got a string")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1, -2]}]}""", "Dimension 1 of the 'shape' of input tensor inputs[0] must be a non-negative integer; got -2")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1.5]}]}""", "Dimension 0 of the 'shape' of input tensor inputs[0] must be a non-negative integer; got 1.5")]
    [InlineData("""{"inputs": [{"name": "x", "contents": {}}]}""", "Unknown member 'contents' in input tensor inputs[0]; expected only: name, shape, datatype, parameters, data")]
    public void TryParse_BadTensor_NamesTheTensorAndTheMember(string json, string expected) =>
        Assert.Contains(expected, Fails(json, InputType.Doubles), StringComparison.Ordinal);

    [Theory]
    [InlineData(InputType.Doubles, "INT32", "Input tensor 'x' has datatype INT32; model m:1 takes doubles inputs, so it expects FP64 (or FP32).")]
    [InlineData(InputType.Floats, "FP64", "Input tensor 'x' has datatype FP64; model m:1 takes floats inputs, so it expects FP32.")]
    [InlineData(InputType.Integers, "UINT8", "Input tensor 'x' has datatype UINT8; model m:1 takes integers inputs, so it expects INT32 (or INT64 with values that fit 32 bits).")]
    [InlineData(InputType.Strings, "FP32", "Input tensor 'x' has datatype FP32; model m:1 takes strings inputs, so it expects BYTES (each element a UTF-8 string).")]
    [InlineData(InputType.Bytes, "fp32", "Input tensor 'x' has datatype fp32; model m:1 takes bytes inputs")]
    public void TryParse_WrongDatatype_NamesTheTensorTheGivenAndTheExpected(InputType type, string datatype, string expected) =>
        Assert.Contains(expected, Fails(Tensor(datatype, "[1]", "[1]"), type), StringComparison.Ordinal);

    [Theory]
    [InlineData("[]", "[]", "Input tensor 'x' has shape [], which has no rows")]
    [InlineData("[0, 2]", "[]", "Input tensor 'x' has shape [0, 2], which has no rows")]
    [InlineData("[2, 2]", "[1, 2, 3]", "Input tensor 'x' has 3 elements in 'data'; its shape [2, 2] holds 4.")]
    [InlineData("[2, 2]", "[1, 2, 3, 4, 5, 6]", "Input tensor 'x' has 6 elements in 'data'; its shape [2, 2] holds 4.")]
    [InlineData("[2, 2]", "[[[1, 2]], [[3, 4]]]", "'data' of input tensor 'x' nests deeper than its shape [2, 2] has dimensions (2)")]
    [InlineData("[1, 2]", "{\"a\": 1}", "'data' of input tensor 'x' must be an array; got an object")]
    [InlineData("[1, 2]", "[1, \"2\"]", "Element 1 of input tensor 'x' is a string; datatype FP64 needs numbers.")]
    [InlineData("[1, 2]", "[1, true]", "Element 1 of input tensor 'x' is true; datatype FP64 needs numbers.")]
    [InlineData("[1, 2]", "[1, 1e999]", "Element 1 of input tensor 'x' (1e999) is out of the range of FP64.")]
    public void TryParse_ShapeAndDataDisagree_SaysHow(string shape, string data, string expected) =>
        Assert.Contains(expected, Fails(Tensor("FP64", shape, data), InputType.Doubles), StringComparison.Ordinal);

    [Theory]
    [InlineData("INT32", "[1.5]", "Element 0 of input tensor 'x' (1.5) is not an integer that fits 32 bits")]
    [InlineData("INT64", "[2147483648]", "Element 0 of input tensor 'x' (2147483648) is not an integer that fits 32 bits")]
    public void TryParse_IntegerThatDoesNotConvert_NamesTheElement(string datatype, string data, string expected) =>
        Assert.Contains(expected, Fails(Tensor(datatype, "[1]", data), InputType.Integers), StringComparison.Ordinal);

    [Fact]
    public void TryParse_Fp32OutOfRange_NamesTheElement() =>
        Assert.Contains("Element 0 of input tensor 'x' (1e39) is out of the range of FP32.", Fails(Tensor("FP32", "[1]", "[1e39]"), InputType.Floats), StringComparison.Ordinal);

    [Theory]
    [InlineData(InputType.Strings, "[2, 2]", """["a", "b", "c", "d"]""", "Input tensor 'x' has shape [2, 2]: a row of model m:1 (strings inputs) is one element, so the shape must be [batch] or [batch, 1].")]
    [InlineData(InputType.Strings, "[1]", "[1]", "Element 0 of input tensor 'x' is a number; datatype BYTES needs a string per element.")]
    [InlineData(InputType.Bytes, "[1]", "[\"not base64!\"]", "Element 0 of input tensor 'x' is not valid base64")]
    [InlineData(InputType.Strings, "[1]", "[\"\\ud800\"]", "Element 0 of input tensor 'x' is not valid UTF-8")]
    public void TryParse_BadBytesTensor_SaysWhatIsWrong(InputType type, string shape, string data, string expected) =>
        Assert.Contains(expected, Fails(Tensor("BYTES", shape, data), type), StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"outputs": [{"name": "output0"}], "inputs": []}""", "Requested output 'output0' is not an output of this model: Clipper models have one output, 'output'.")]
    [InlineData("""{"outputs": [{}], "inputs": []}""", "Requested output outputs[0] has no 'name'")]
    [InlineData("""{"outputs": [{"name": "output"}, "x"], "inputs": []}""", "requested output outputs[1] must be an object with a 'name'; got a string")]
    [InlineData("""{"outputs": {}, "inputs": []}""", "'outputs' must be an array of requested outputs; got an object")]
    public void TryParse_BadRequestedOutput_NamesIt(string json, string expected) =>
        Assert.Contains(expected, Fails(json, InputType.Doubles), StringComparison.Ordinal);

    [Fact]
    public void TryParse_MoreRowsThanTheLimit_NamesTheOption() =>
        Assert.Contains("more than the 2 rows one request may hold (option MaxInputsPerRequest)",
            Fails(Tensor("FP64", "[3, 1]", "[1, 2, 3]"), InputType.Doubles, ParseLimits.WithMaxInputs(2)), StringComparison.Ordinal);

    [Fact]
    public void TryParse_RowLargerThanTheLimit_NamesTheOption() =>
        Assert.Contains("a row of 3 elements is more than the 16 bytes one input may be (8 bytes per element; option MaxInputBytes)",
            Fails(Tensor("FP64", "[1, 3]", "[1, 2, 3]"), InputType.Doubles, new ParseLimits(10, 16, 64)), StringComparison.Ordinal);

    [Fact]
    public void TryParse_StringLargerThanTheLimit_NamesTheOption() =>
        Assert.Contains("Element 0 of input tensor 'x' is 5 bytes, more than the 4 bytes one input may be (option MaxInputBytes)",
            Fails(Tensor("BYTES", "[1]", "[\"hello\"]"), InputType.Strings, new ParseLimits(10, 4, 64)), StringComparison.Ordinal);

    [Fact]
    public void TryParse_TooDeep_NamesTheOption() =>
        Assert.Contains("nests deeper than 5 levels (option MaxJsonDepth)",
            Fails(Tensor("FP64", "[1, 1]", "[[[[[[1]]]]]]"), InputType.Doubles, new ParseLimits(10, 1000, 5)), StringComparison.Ordinal);
}
