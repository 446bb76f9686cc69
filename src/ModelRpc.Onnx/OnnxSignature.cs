using Microsoft.ML.OnnxRuntime;

namespace Clipper.ModelRpc.Onnx;

/// <summary>An ONNX model's inputs and outputs, in the graph's order.</summary>
/// <param name="Inputs">The inputs.</param>
/// <param name="Outputs">The outputs.</param>
public sealed record OnnxSignature(IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs)
{
    /// <summary>E.g. <c>inputs: input float[batch,4]; outputs: label int64[N], probabilities float[N,3]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"inputs: {string.Join(", ", Inputs)}; outputs: {string.Join(", ", Outputs)}";

    /// <summary>Reads the signature of a loaded session.</summary>
    internal static OnnxSignature From(InferenceSession session)
    {
        var inputs = new List<OnnxValueInfo>(session.InputNames.Count);
        foreach (string name in session.InputNames)
        {
            inputs.Add(OnnxValueInfo.From(name, session.InputMetadata[name]));
        }

        var outputs = new List<OnnxValueInfo>(session.OutputNames.Count);
        foreach (string name in session.OutputNames)
        {
            outputs.Add(OnnxValueInfo.From(name, session.OutputMetadata[name]));
        }

        return new OnnxSignature(inputs, outputs);
    }
}
