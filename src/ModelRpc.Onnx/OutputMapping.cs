using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// How an ONNX model's outputs become each query's output (<see cref="OutputKind"/>). A classifier is two outputs: a
/// label tensor (int32, int64 or string; one per row) and probabilities, either a float or double tensor
/// <c>[N,C]</c> (classes are then the column indices) or the sequence of maps ZipMap produces (as skl2onnx exports).
/// </summary>
public sealed class OutputMapping
{
    private OutputMapping(OutputKind kind, IReadOnlyList<OnnxValueInfo> outputs, int label, int probabilities)
    {
        Kind = kind;
        Outputs = outputs;
        LabelIndex = label;
        ProbabilitiesIndex = probabilities;
        Names = [.. outputs.Select(o => o.Name)];
    }

    /// <summary>How the outputs are written.</summary>
    public OutputKind Kind { get; }

    /// <summary>The outputs, in the graph's order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>For a classifier, the index of the label output in <see cref="Outputs"/>; else -1.</summary>
    public int LabelIndex { get; }

    /// <summary>For a classifier, the index of the probabilities output in <see cref="Outputs"/>; else -1.</summary>
    public int ProbabilitiesIndex { get; }

    /// <summary>The outputs' names, for ONNX Runtime's Run.</summary>
    internal string[] Names { get; }

    /// <summary>Maps the model's outputs, or says why they cannot be mapped.</summary>
    /// <param name="signature">The model's signature.</param>
    /// <param name="mapping">The mapping, when the outputs can be mapped.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>True when mapped.</returns>
    public static bool TryCreate(OnnxSignature signature, out OutputMapping? mapping, out string? error)
    {
        ArgumentNullException.ThrowIfNull(signature);
        mapping = null;
        IReadOnlyList<OnnxValueInfo> outputs = signature.Outputs;
        if (outputs.Count == 0)
        {
            error = OnnxErrors.NoOutputs();
            return false;
        }

        foreach (OnnxValueInfo output in outputs)
        {
            if (!IsWritable(output))
            {
                error = OnnxErrors.OutputNotWritable(output);
                return false;
            }
        }

        error = null;
        if (outputs.Count == 2)
        {
            for (int label = 0; label < 2; label++)
            {
                if (IsLabel(outputs[label]) && IsProbabilities(outputs[1 - label]))
                {
                    mapping = new OutputMapping(OutputKind.Classifier, outputs, label, 1 - label);
                    return true;
                }
            }
        }

        mapping = new OutputMapping(outputs.Count == 1 ? OutputKind.Value : OutputKind.Object, outputs, -1, -1);
        return true;
    }

    private static bool IsWritable(OnnxValueInfo output) => output.Kind switch
    {
        OnnxValueKind.Tensor => output.Rank >= 1 && OnnxTypeNames.IsWritable(output.ElementType),
        OnnxValueKind.SequenceOfMaps => output.KeyType is TensorElementType.String or TensorElementType.Int64
            && output.ElementType is TensorElementType.Float or TensorElementType.Double,
        _ => false,
    };

    private static bool IsLabel(OnnxValueInfo output) =>
        output.Kind == OnnxValueKind.Tensor
        && output.ElementType is TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.String
        && (output.Rank == 1 || (output.Rank == 2 && output.Dimensions[1] == 1));

    private static bool IsProbabilities(OnnxValueInfo output) =>
        output.Kind == OnnxValueKind.SequenceOfMaps
        || (output.Kind == OnnxValueKind.Tensor && output.Rank == 2 && output.ElementType is TensorElementType.Float or TensorElementType.Double);
}
