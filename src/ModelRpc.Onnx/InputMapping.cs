using Clipper.ModelRpc.Protocol;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// How queries feed an ONNX model: its one input tensor, whose first dimension is the batch (dynamic, or fixed and
/// then respected by splitting), each query one row whose length is the product of the other dimensions.
/// </summary>
public sealed class InputMapping
{
    private InputMapping(OnnxValueInfo tensor, int fixedBatchSize, int rowLength, long[] featureDimensions)
    {
        Tensor = tensor;
        FixedBatchSize = fixedBatchSize;
        RowLength = rowLength;
        FeatureDimensions = featureDimensions;
    }

    /// <summary>The input tensor.</summary>
    public OnnxValueInfo Tensor { get; }

    /// <summary>The element type of the input tensor.</summary>
    public TensorElementType ElementType => Tensor.ElementType;

    /// <summary>The model's fixed batch size, or 0 when the batch dimension is dynamic.</summary>
    public int FixedBatchSize { get; }

    /// <summary>The number of values in one query: the product of the dimensions after the batch's.</summary>
    public int RowLength { get; }

    /// <summary>The dimensions after the batch's.</summary>
    internal long[] FeatureDimensions { get; }

    /// <summary>The app input type that matches the tensor: floats for float, doubles for double, integers for int32 and int64.</summary>
    public InputType DefaultInputType => ElementType switch
    {
        TensorElementType.Double => InputType.Doubles,
        TensorElementType.Int32 or TensorElementType.Int64 => InputType.Integers,
        _ => InputType.Floats,
    };

    /// <summary>The app input types this tensor takes, for messages.</summary>
    public string AcceptedInputTypes => ElementType is TensorElementType.Int32 or TensorElementType.Int64 ? "integers" : "floats or doubles";

    /// <summary>True when queries of <paramref name="inputType"/> can feed the tensor: doubles and floats a float or double tensor, integers an int32 or int64 one.</summary>
    /// <param name="inputType">The app's input type.</param>
    /// <returns>Whether the input type maps to the tensor's element type.</returns>
    public bool Accepts(InputType inputType) => inputType switch
    {
        InputType.Doubles or InputType.Floats => ElementType is TensorElementType.Float or TensorElementType.Double,
        InputType.Integers => ElementType is TensorElementType.Int32 or TensorElementType.Int64,
        _ => false,
    };

    /// <summary>The shape of a run of <paramref name="rows"/> rows.</summary>
    internal long[] ShapeFor(int rows)
    {
        var shape = new long[FeatureDimensions.Length + 1];
        shape[0] = rows;
        FeatureDimensions.CopyTo(shape, 1);
        return shape;
    }

    /// <summary>Maps the model's inputs, or says why they cannot be mapped.</summary>
    /// <param name="signature">The model's signature.</param>
    /// <param name="mapping">The mapping, when the inputs can be mapped.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>True when mapped.</returns>
    public static bool TryCreate(OnnxSignature signature, out InputMapping? mapping, out string? error)
    {
        ArgumentNullException.ThrowIfNull(signature);
        mapping = null;
        if (signature.Inputs.Count != 1)
        {
            error = OnnxErrors.InputCount(signature.Inputs.Count);
            return false;
        }

        OnnxValueInfo input = signature.Inputs[0];
        if (input.Kind != OnnxValueKind.Tensor || input.ElementType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Int32 or TensorElementType.Int64))
        {
            error = OnnxErrors.InputElementType(input);
            return false;
        }

        if (input.Rank == 0)
        {
            error = OnnxErrors.InputWithoutBatch(input);
            return false;
        }

        long rowLength = 1;
        var features = new long[input.Rank - 1];
        for (int i = 1; i < input.Rank; i++)
        {
            if (input.Dimensions[i] <= 0)
            {
                error = OnnxErrors.DynamicFeatureDimension(input, i);
                return false;
            }

            features[i - 1] = input.Dimensions[i];
            rowLength *= input.Dimensions[i];
        }

        if (rowLength > Array.MaxLength / 1024)
        {
            error = OnnxErrors.RowTooLong(input, rowLength);
            return false;
        }

        mapping = new InputMapping(input, Math.Max(0, input.Dimensions[0]), (int)rowLength, features);
        error = null;
        return true;
    }
}
