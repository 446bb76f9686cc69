namespace Clipper.ModelRpc.Onnx;

/// <summary>What an input or output of an ONNX model holds.</summary>
public enum OnnxValueKind
{
    /// <summary>A tensor of one element type.</summary>
    Tensor,

    /// <summary>A sequence of maps, as ZipMap produces (one map of class to probability per row).</summary>
    SequenceOfMaps,

    /// <summary>Anything else (a map, a sequence of tensors, an optional value): not mapped.</summary>
    Other,
}
