using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

/// <summary>One input or output of an ONNX model, as ONNX Runtime reports it.</summary>
/// <param name="Name">The name in the graph.</param>
/// <param name="Kind">Tensor, sequence of maps, or other.</param>
/// <param name="ElementType">A tensor's element type; for a sequence of maps, the maps' value type.</param>
/// <param name="Dimensions">A tensor's dimensions; -1 for a dynamic one. Empty for other kinds.</param>
/// <param name="SymbolicDimensions">The names of dynamic dimensions (empty strings when unnamed), index for index with <paramref name="Dimensions"/>.</param>
/// <param name="KeyType">For a sequence of maps, the maps' key type; else <see cref="TensorElementType.DataTypeMax"/>.</param>
public sealed record OnnxValueInfo(
    string Name,
    OnnxValueKind Kind,
    TensorElementType ElementType,
    IReadOnlyList<int> Dimensions,
    IReadOnlyList<string> SymbolicDimensions,
    TensorElementType KeyType = TensorElementType.DataTypeMax)
{
    /// <summary>The rank of a tensor.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>True when the first dimension is dynamic (a batch of any size).</summary>
    public bool HasDynamicBatch => Rank > 0 && Dimensions[0] < 0;

    /// <summary>The value as ONNX Runtime describes it, e.g. <c>input float[batch,4]</c> or <c>output_probability seq(map(string,float))</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Name + " " + TypeText();

    /// <summary>The type alone, e.g. <c>float[batch,4]</c>.</summary>
    /// <returns>The description.</returns>
    public string TypeText()
    {
        switch (Kind)
        {
            case OnnxValueKind.Tensor:
                var text = new StringBuilder(OnnxTypeNames.Of(ElementType)).Append('[');
                for (int i = 0; i < Dimensions.Count; i++)
                {
                    text.Append(i > 0 ? "," : "");
                    text.Append(Dimensions[i] >= 0
                        ? Dimensions[i].ToString(CultureInfo.InvariantCulture)
                        : SymbolicDimensions.Count > i && SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?");
                }

                return text.Append(']').ToString();
            case OnnxValueKind.SequenceOfMaps:
                return $"seq(map({OnnxTypeNames.Of(KeyType)},{OnnxTypeNames.Of(ElementType)}))";
            default:
                return "(not a tensor nor a sequence of maps)";
        }
    }

    /// <summary>Reads what ONNX Runtime says of one input or output.</summary>
    internal static OnnxValueInfo From(string name, NodeMetadata metadata)
    {
        if (metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return new OnnxValueInfo(name, OnnxValueKind.Tensor, metadata.ElementDataType, metadata.Dimensions, metadata.SymbolicDimensions);
        }

        if (metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_SEQUENCE
            && metadata.AsSequenceMetadata().ElementMeta is { OnnxValueType: OnnxValueType.ONNX_TYPE_MAP } element)
        {
            MapMetadata map = element.AsMapMetadata();
            TensorElementType value = map.ValueMetadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR ? map.ValueMetadata.ElementDataType : TensorElementType.DataTypeMax;
            return new OnnxValueInfo(name, OnnxValueKind.SequenceOfMaps, value, [], [], map.KeyDataType);
        }

        return new OnnxValueInfo(name, OnnxValueKind.Other, TensorElementType.DataTypeMax, [], []);
    }
}
