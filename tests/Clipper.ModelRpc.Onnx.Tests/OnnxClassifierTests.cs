using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Clipper.ModelRpc.Onnx.Tests;

public sealed class OnnxClassifierTests
{
    private static readonly float[][] s_rows = [[0.1f, 0.2f, 0.3f, 0.4f], [-1, 2, 0.5f, 1], [3, -1, -2, 0]];

    [Fact]
    public async Task PredictAsync_TensorProbabilities_WritesLabelAndProbabilitiesByColumn()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("classifier.onnx"));
        var direct = Fixtures.RunDirectly("classifier.onnx", Fixtures.Flatten(s_rows), 3, 4);
        var labels = (long[])direct["label"].Values;
        var probabilities = (float[])direct["probabilities"].Values;

        var results = await model.CreatePredictor<float[]>().PredictAsync(s_rows, CancellationToken.None);

        for (int i = 0; i < s_rows.Length; i++)
        {
            string expected = string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"label\":{labels[i]},\"probabilities\":{{\"0\":{probabilities[3 * i]},\"1\":{probabilities[(3 * i) + 1]},\"2\":{probabilities[(3 * i) + 2]}}}}}");
            Assert.Equal(expected, results[i].Text);
            Assert.False(results[i].IsError);
        }
    }

    [Fact]
    public async Task PredictAsync_ZipMapProbabilities_WritesClassNamesAsInTheModel()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("classifier-zipmap.onnx"));
        List<(string Label, Dictionary<string, float> Probabilities)> expected = RunZipMapDirectly();

        var results = await model.CreatePredictor<float[]>().PredictAsync(s_rows, CancellationToken.None);

        Assert.Equal(s_rows.Length, results.Count);
        for (int i = 0; i < s_rows.Length; i++)
        {
            using var json = JsonDocument.Parse(results[i].Text);
            Assert.Equal(expected[i].Label, json.RootElement.GetProperty("label").GetString());
            var written = json.RootElement.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            Assert.Equal(expected[i].Probabilities, written);
            Assert.Equal(["setosa", "versicolor", "virginica"], written.Keys.Order());
        }
    }

    [Fact]
    public async Task PredictAsync_ZipMapAndTensorClassifiers_AgreeOnTheProbabilities()
    {
        using var tensor = OnnxModel.Load(Fixtures.PathOf("classifier.onnx"));
        using var zipMap = OnnxModel.Load(Fixtures.PathOf("classifier-zipmap.onnx"));

        var a = await tensor.CreatePredictor<float[]>().PredictAsync(s_rows, CancellationToken.None);
        var b = await zipMap.CreatePredictor<float[]>().PredictAsync(s_rows, CancellationToken.None);

        string[] names = ["setosa", "versicolor", "virginica"];
        for (int i = 0; i < s_rows.Length; i++)
        {
            using var byIndex = JsonDocument.Parse(a[i].Text);
            using var byName = JsonDocument.Parse(b[i].Text);
            Assert.Equal(names[byIndex.RootElement.GetProperty("label").GetInt64()], byName.RootElement.GetProperty("label").GetString());
            Assert.Equal(
                byIndex.RootElement.GetProperty("probabilities").EnumerateObject().Select(p => p.Value.GetSingle()),
                names.Select(n => byName.RootElement.GetProperty("probabilities").GetProperty(n).GetSingle()));
        }
    }

    private static List<(string, Dictionary<string, float>)> RunZipMapDirectly()
    {
        using var session = new InferenceSession(Fixtures.PathOf("classifier-zipmap.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(Fixtures.Flatten(s_rows), [3, 4]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["output_label", "output_probability"]);
        var result = new List<(string, Dictionary<string, float>)>();
        for (int i = 0; i < 3; i++)
        {
            using var map = outputs[1].GetValue(i, OrtAllocator.DefaultInstance);
            using var keys = map.GetValue(0, OrtAllocator.DefaultInstance);
            using var values = map.GetValue(1, OrtAllocator.DefaultInstance);
            var probabilities = keys.GetStringTensorAsArray().Zip(values.GetTensorDataAsSpan<float>().ToArray()).ToDictionary(p => p.First, p => p.Second);
            result.Add((outputs[0].GetStringElement(i), probabilities));
        }

        return result;
    }
}
