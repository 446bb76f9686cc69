using System.Buffers.Binary;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.OipGrpc;
using Google.Protobuf;
using Inference;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.OipGrpc;

public sealed class GrpcTensorReaderTests
{
    private static readonly ModelVersionId s_model = new("m", "1");

    [Fact]
    public void TryRead_TypedContents_GiveOneInputPerRowInWireForm()
    {
        using var rows = Ok(Request("FP32", [2, 2], c => c.Fp32Contents.AddRange([1, 2, 3, 4])), InputType.Doubles);

        Assert.Equal(2, rows.Count);
        AssertInput(rows, 0, Doubles(1, 2));
        AssertInput(rows, 1, Doubles(3, 4));
    }

    [Fact]
    public void TryRead_RawInt64_IsReadLittleEndianAndNarrowedWhenItFits()
    {
        var raw = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(raw, 7);
        BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8), int.MinValue);
        BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(16), -1);

        using var rows = Ok(Raw("INT64", [3, 1], raw), InputType.Integers);

        AssertInput(rows, 0, Ints(7));
        AssertInput(rows, 1, Ints(int.MinValue));
        AssertInput(rows, 2, Ints(-1));
    }

    [Fact]
    public void TryRead_RawBytes_SplitsTheLengthPrefixedElementsIntoRows()
    {
        byte[] raw = [3, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 1, 0, 0, 0, 255];

        using var rows = Ok(Raw("BYTES", [3], raw), InputType.Bytes);

        AssertInput(rows, 0, [1, 2, 3]);
        AssertInput(rows, 1, []);
        AssertInput(rows, 2, [255]);
    }

    [Fact]
    public void TryRead_RowsOfNoElements_AreEmptyInputs()
    {
        using var rows = Ok(Request("FP64", [2, 0]), InputType.Doubles);

        Assert.Equal(2, rows.Count);
        AssertInput(rows, 1, []);
    }

    [Fact]
    public void TryRead_ElementLargerThanTheInputLimit_IsRefusedNamingTheOption()
    {
        using var rows = new ParsedInputs();
        var request = Request("BYTES", [1], c => c.BytesContents.Add(ByteString.CopyFrom(new byte[9])));

        Assert.False(GrpcTensorReader.TryRead(request, s_model, InputType.Bytes, new ParseLimits(10, 8, 32), rows, out var error));

        Assert.Equal("Element 0 of input tensor 'x' is 9 bytes, more than the 8 bytes one input may be (option MaxInputBytes).", error);
        Assert.Equal(0, rows.Count);
    }

    [Fact]
    public void TryRead_MoreRowsThanTheLimit_IsRefusedNamingTheOption()
    {
        using var rows = new ParsedInputs();
        var request = Request("FP64", [3, 1], c => c.Fp64Contents.AddRange([1, 2, 3]));

        Assert.False(GrpcTensorReader.TryRead(request, s_model, InputType.Doubles, new ParseLimits(2, 64, 32), rows, out var error));

        Assert.Equal("Input tensor 'x' has shape [3, 1]: more than the 2 rows one request may hold (option MaxInputsPerRequest).", error);
    }

    [Fact]
    public void TryRead_RowLargerThanTheInputLimit_IsRefusedBeforeItsElementsAreRead()
    {
        using var rows = new ParsedInputs();

        Assert.False(GrpcTensorReader.TryRead(Request("FP64", [1, 1_000_000]), s_model, InputType.Doubles, new ParseLimits(10, 64, 32), rows, out var error));

        Assert.Equal("Input tensor 'x' has shape [1, 1000000]: a row of 1000000 elements is more than the 64 bytes one input may be (8 bytes per element; option MaxInputBytes).", error);
    }

    private static ParsedInputs Ok(ModelInferRequest request, InputType type)
    {
        var rows = new ParsedInputs();
        Assert.True(GrpcTensorReader.TryRead(request, s_model, type, new ParseLimits(100, 1024, 32), rows, out var error), error);
        return rows;
    }

    private static ModelInferRequest Request(string datatype, long[] shape, Action<InferTensorContents>? contents = null)
    {
        var tensor = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype, Contents = new InferTensorContents() };
        tensor.Shape.AddRange(shape);
        contents?.Invoke(tensor.Contents);
        var request = new ModelInferRequest { ModelName = "m" };
        request.Inputs.Add(tensor);
        return request;
    }

    private static ModelInferRequest Raw(string datatype, long[] shape, byte[] raw)
    {
        var request = Request(datatype, shape);
        request.Inputs[0].Contents = null;
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        return request;
    }
}
