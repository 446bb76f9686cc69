using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Oip;
using Inference;

namespace Clipper.QueryFrontend.OipGrpc;

/// <content>Elements in the typed field of the tensor's datatype (<c>contents.fp64_contents</c>...).</content>
internal static partial class GrpcTensorReader
{
    private static readonly InferTensorContents s_empty = new();

    private static bool TryReadTyped(InferTensorContents? contents, in GrpcTensor tensor, InputType expected, ParseLimits limits, ParsedInputs into, out string error)
    {
        var field = FieldOf(tensor.Datatype);
        contents ??= s_empty;
        if (FirstNonEmptyExcept(contents, field) is { } other)
        {
            error = GrpcErrors.WrongContentsField(in tensor, "contents." + other, field);
            return false;
        }

        var count = Count(contents, tensor.Datatype);
        if (count == 0 && tensor.Elements == 0)
        {
            // Rows of no elements ([batch, 0]) are empty inputs, as Clipper's predict allows.
            EndEmptyRows(in tensor, into);
            error = "";
            return true;
        }

        if (count == 0)
        {
            error = GrpcErrors.NoContents(in tensor, field);
            return false;
        }

        if (count != tensor.Elements)
        {
            error = GrpcErrors.ElementCount(in tensor, "contents." + field, count);
            return false;
        }

        if (tensor.Datatype == OipDatatype.Bytes)
        {
            for (var i = 0; i < contents.BytesContents.Count; i++)
            {
                if (!TryAppendElement(contents.BytesContents[i].Span, in tensor, expected, i, limits, into, out error))
                {
                    return false;
                }
            }

            error = "";
            return true;
        }

        var rowElements = tensor.RowElements;
        long inRow = 0;
        for (var i = 0; i < count; i++)
        {
            if (!TryAppendNumber(contents, in tensor, expected, i, into, out error))
            {
                return false;
            }

            if (++inRow == rowElements)
            {
                into.EndInput();
                inRow = 0;
            }
        }

        error = "";
        return true;
    }

    private static bool TryAppendNumber(InferTensorContents contents, in GrpcTensor tensor, InputType expected, int index, ParsedInputs into, out string error)
    {
        switch (tensor.Datatype)
        {
            case OipDatatype.Int32:
                into.WriteInt32(contents.IntContents[index]);
                break;
            case OipDatatype.Int64:
                var wide = contents.Int64Contents[index];
                if (wide is < int.MinValue or > int.MaxValue)
                {
                    error = GrpcErrors.ElementNotInt32(in tensor, index, wide);
                    return false;
                }

                into.WriteInt32((int)wide);
                break;
            case OipDatatype.Fp32:
                return TryAppendFloat(contents.Fp32Contents[index], in tensor, expected, index, into, out error);
            default:
                return TryAppendDouble(contents.Fp64Contents[index], in tensor, index, into, out error);
        }

        error = "";
        return true;
    }

    /// <summary>An FP32 element: as is for a floats model, widened exactly for a doubles model.</summary>
    private static bool TryAppendFloat(float value, in GrpcTensor tensor, InputType expected, long index, ParsedInputs into, out string error)
    {
        if (!float.IsFinite(value))
        {
            error = GrpcErrors.ElementNotFinite(in tensor, index, value);
            return false;
        }

        if (expected == InputType.Floats)
        {
            into.WriteSingle(value);
        }
        else
        {
            into.WriteDouble(value);
        }

        error = "";
        return true;
    }

    private static bool TryAppendDouble(double value, in GrpcTensor tensor, long index, ParsedInputs into, out string error)
    {
        if (!double.IsFinite(value))
        {
            error = GrpcErrors.ElementNotFinite(in tensor, index, value);
            return false;
        }

        into.WriteDouble(value);
        error = "";
        return true;
    }

    private static void EndEmptyRows(in GrpcTensor tensor, ParsedInputs into)
    {
        for (long row = 0; row < tensor.Rows; row++)
        {
            into.EndInput();
        }
    }

    private static string FieldOf(OipDatatype datatype) => datatype switch
    {
        OipDatatype.Fp32 => "fp32_contents",
        OipDatatype.Fp64 => "fp64_contents",
        OipDatatype.Int32 => "int_contents",
        OipDatatype.Int64 => "int64_contents",
        _ => "bytes_contents",
    };

    private static int Count(InferTensorContents contents, OipDatatype datatype) => datatype switch
    {
        OipDatatype.Fp32 => contents.Fp32Contents.Count,
        OipDatatype.Fp64 => contents.Fp64Contents.Count,
        OipDatatype.Int32 => contents.IntContents.Count,
        OipDatatype.Int64 => contents.Int64Contents.Count,
        _ => contents.BytesContents.Count,
    };

    /// <summary>The first typed field other than <paramref name="field"/> that holds elements, or null when none does.</summary>
    private static string? FirstNonEmptyExcept(InferTensorContents contents, string field)
    {
        Span<(int Count, string Name)> fields =
        [
            (contents.BoolContents.Count, "bool_contents"), (contents.IntContents.Count, "int_contents"),
            (contents.Int64Contents.Count, "int64_contents"), (contents.UintContents.Count, "uint_contents"),
            (contents.Uint64Contents.Count, "uint64_contents"), (contents.Fp32Contents.Count, "fp32_contents"),
            (contents.Fp64Contents.Count, "fp64_contents"), (contents.BytesContents.Count, "bytes_contents"),
        ];
        foreach (var (count, name) in fields)
        {
            if (count > 0 && name != field)
            {
                return name;
            }
        }

        return null;
    }
}
