namespace Clipper.ModelRpc.Onnx;

/// <summary>How an ONNX model's outputs become one query's output.</summary>
public enum OutputKind
{
    /// <summary>One output: its row, as a JSON number when the row has one element, else as a JSON array (nested by the row's dimensions).</summary>
    Value,

    /// <summary>Several outputs that are not a classifier's: a JSON object of each output's row by output name.</summary>
    Object,

    /// <summary>A label and probabilities: <c>{"label": ..., "probabilities": {"class": p, ...}}</c>.</summary>
    Classifier,
}
