using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx.Tests;

/// <summary>The models scripts/make-onnx-fixtures.py wrote, and ONNX Runtime called directly on them: what the container must equal.</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Runs a model's one input on a flat tensor with ONNX Runtime alone; returns each tensor output's shape and values by name.</summary>
    public static Dictionary<string, (long[] Shape, Array Values)> RunDirectly<T>(string model, T[] flat, params long[] shape)
        where T : unmanaged
    {
        using var session = new InferenceSession(PathOf(model));
        using var input = OrtValue.CreateTensorValueFromMemory(flat, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [input], session.OutputNames);
        var result = new Dictionary<string, (long[] Shape, Array Values)>();
        int i = 0;
        foreach (var output in outputs)
        {
            string name = session.OutputNames[i++];
            if (!output.IsTensor)
            {
                continue;
            }

            var info = output.GetTensorTypeAndShape();
            Array values = info.ElementDataType switch
            {
                TensorElementType.Float => output.GetTensorDataAsSpan<float>().ToArray(),
                TensorElementType.Double => output.GetTensorDataAsSpan<double>().ToArray(),
                TensorElementType.Int32 => output.GetTensorDataAsSpan<int>().ToArray(),
                TensorElementType.Int64 => output.GetTensorDataAsSpan<long>().ToArray(),
                _ => output.GetStringTensorAsArray(),
            };
            result[name] = (info.Shape, values);
        }

        return result;
    }

    public static T[] Flatten<T>(IEnumerable<T[]> rows) => [.. rows.SelectMany(r => r)];
}
