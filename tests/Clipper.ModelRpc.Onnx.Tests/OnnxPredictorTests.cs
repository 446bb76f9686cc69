using System.Globalization;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Onnx.Tests;

public sealed class OnnxPredictorTests
{
    private static readonly float[][] s_rows = [[0.1f, -0.2f, 0.3f, 0.4f], [1, 1, 1, 1], [-0.5f, 0.25f, 0, -1], [0.9f, -0.9f, 0.5f, 0.05f], [0, 0, 0, 0]];

    [Fact]
    public async Task PredictAsync_TrainedMlp_EqualsOnnxRuntimeCalledDirectly()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"));
        var expected = (float[])Fixtures.RunDirectly("mlp.onnx", Fixtures.Flatten(s_rows), s_rows.Length, 4)["output"].Values;

        var results = await model.CreatePredictor<float[]>().PredictAsync(s_rows, CancellationToken.None);

        Assert.Equal(expected.Select(v => PredictResult.Output(v.ToString(CultureInfo.InvariantCulture))), results);
    }

    [Fact]
    public async Task PredictAsync_TrainedMlp_MatchesTorchsOutputsForTheSameInputs()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("expected.json")));
        var sample = expected.RootElement.GetProperty("mlp.onnx");
        double[][] inputs = [.. sample.GetProperty("inputs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];
        double[] torch = [.. sample.GetProperty("outputs").EnumerateArray().Select(r => r[0].GetDouble())];
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"));

        var results = await model.CreatePredictor<double[]>().PredictAsync(inputs, CancellationToken.None);

        Assert.Equal(torch.Length, results.Count);
        for (int i = 0; i < torch.Length; i++)
        {
            Assert.Equal(torch[i], double.Parse(results[i].Text, CultureInfo.InvariantCulture), 4);
        }
    }

    [Fact]
    public async Task PredictAsync_DoublesIntoAFloatTensor_EqualsTheFloatRows()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"));
        double[][] doubles = [.. s_rows.Select(r => r.Select(v => (double)v).ToArray())];

        var fromDoubles = await model.CreatePredictor<double[]>().PredictAsync(doubles, CancellationToken.None);
        var fromFloats = await model.CreatePredictor<float[]>().PredictAsync(s_rows, CancellationToken.None);

        Assert.Equal(fromFloats, fromDoubles);
    }

    [Fact]
    public async Task PredictAsync_DoubleTensor_EqualsOnnxRuntimeCalledDirectly()
    {
        double[][] rows = [[1.5, -2, 0.125], [1e-3, 3, 4]];
        using var model = OnnxModel.Load(Fixtures.PathOf("double.onnx"));
        var expected = (double[])Fixtures.RunDirectly("double.onnx", Fixtures.Flatten(rows), 2, 3)["output"].Values;

        var fromDoubles = await model.CreatePredictor<double[]>().PredictAsync(rows, CancellationToken.None);
        var fromFloats = await model.CreatePredictor<float[]>().PredictAsync([.. rows.Select(r => r.Select(v => (float)v).ToArray())], CancellationToken.None);

        Assert.Equal([Row(expected, 0, 3), Row(expected, 1, 3)], fromDoubles);
        Assert.Equal("[4,-3,1.25]", fromFloats[0].Text);
    }

    [Theory]
    [InlineData("int32.onnx")]
    [InlineData("int64.onnx")]
    public async Task PredictAsync_IntegerTensors_EqualOnnxRuntimeCalledDirectly(string file)
    {
        int[][] rows = [[1, 2, 3], [-4, 0, 2_000_000]];
        using var model = OnnxModel.Load(Fixtures.PathOf(file));
        long[] expected = file == "int32.onnx"
            ? [.. ((int[])Fixtures.RunDirectly(file, Fixtures.Flatten(rows), 2, 3)["output"].Values).Select(v => (long)v)]
            : (long[])Fixtures.RunDirectly(file, Fixtures.Flatten(rows).Select(v => (long)v).ToArray(), 2, 3)["output"].Values;

        var results = await model.CreatePredictor<int[]>().PredictAsync(rows, CancellationToken.None);

        Assert.Equal([Row(expected, 0, 3), Row(expected, 1, 3)], results);
        Assert.Equal("[-7,1,4000001]", results[1].Text);
    }

    [Fact]
    public async Task PredictAsync_FixedBatchSize_SplitsIntoRunsPadsTheLastAndDropsThePadding()
    {
        float[][] rows = [.. Enumerable.Range(0, 10).Select(i => new float[] { i, 2 * i, -i })];
        using var model = OnnxModel.Load(Fixtures.PathOf("fixed-batch.onnx"));

        var results = await model.CreatePredictor<float[]>().PredictAsync(rows, CancellationToken.None);

        // y = x @ [[1,0],[0,1],[1,1]] + [0.5,-0.5]; 10 rows are three runs of 4, the last padded with 2 zero rows.
        Assert.Equal(rows.Select(r => PredictResult.Output($"[{Num(r[0] + r[2] + 0.5f)},{Num(r[1] + r[2] - 0.5f)}]")), results);
    }

    [Fact]
    public async Task PredictAsync_WrongLengthRows_AreAnsweredWithErrorsAndTheRestOfTheBatchIsAnswered()
    {
        float[][] rows = [s_rows[0], [1, 2, 3], s_rows[1], [], s_rows[2], [1, 2, 3, 4, 5]];
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"));
        var good = await model.CreatePredictor<float[]>().PredictAsync([s_rows[0], s_rows[1], s_rows[2]], CancellationToken.None);

        var results = await model.CreatePredictor<float[]>().PredictAsync(rows, CancellationToken.None);

        Assert.Equal(
            [
                good[0],
                PredictResult.Error("the input has 3 values; expected 4 (one row of the model's input input float[batch,4])"),
                good[1],
                PredictResult.Error("the input has 0 values; expected 4 (one row of the model's input input float[batch,4])"),
                good[2],
                PredictResult.Error("the input has 5 values; expected 4 (one row of the model's input input float[batch,4])"),
            ],
            results);
    }

    [Fact]
    public async Task PredictAsync_WrongLengthRowsWithAFixedBatch_KeepTheRunsFullOfGoodRows()
    {
        float[][] rows = [[1, 1, 1], [9], [2, 2, 2], [3, 3, 3], [4, 4, 4], [5, 5, 5]];
        using var model = OnnxModel.Load(Fixtures.PathOf("fixed-batch.onnx"));

        var results = await model.CreatePredictor<float[]>().PredictAsync(rows, CancellationToken.None);

        Assert.True(results[1].IsError);
        Assert.Equal(["[2.5,1.5]", "[4.5,3.5]", "[6.5,5.5]", "[8.5,7.5]", "[10.5,9.5]"], results.Where(r => !r.IsError).Select(r => r.Text));
    }

    [Fact]
    public async Task PredictAsync_FeatureDimensions_WritesNestedArrays()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("grid.onnx"));

        var results = await model.CreatePredictor<float[]>().PredictAsync([[1, 2, 3, 4]], CancellationToken.None);

        Assert.Equal(PredictResult.Output("[[3,6],[9,12]]"), Assert.Single(results));
    }

    [Fact]
    public async Task PredictAsync_BenchMlp_WritesTenNumbersPerRowEqualToADirectRun()
    {
        var random = new Random(5);
        float[][] rows = [.. Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 784).Select(_ => (float)random.NextDouble()).ToArray())];
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp-784.onnx"));
        var expected = (float[])Fixtures.RunDirectly("mlp-784.onnx", Fixtures.Flatten(rows), 7, 784)["output"].Values;

        var results = await model.CreatePredictor<float[]>().PredictAsync(rows, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => Row(expected, i, 10)), results);
    }

    internal static PredictResult Row<T>(T[] values, int row, int size)
        where T : IFormattable =>
        PredictResult.Output("[" + string.Join(",", values.Skip(row * size).Take(size).Select(v => v.ToString(null, CultureInfo.InvariantCulture))) + "]");

    private static string Num(float value) => value.ToString(CultureInfo.InvariantCulture);
}
