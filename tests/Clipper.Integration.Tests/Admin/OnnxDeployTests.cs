using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Clipper.Integration.Tests.Admin;

/// <summary><c>clipper deploy --onnx</c> on a local cluster: real processes, real Redis, the built-in ONNX container, answers over HTTP.</summary>
public sealed class OnnxDeployTests
{
    private static readonly float[][] s_rows = [[0.1f, -0.2f, 0.3f, 0.4f], [1, 1, 1, 1], [-0.5f, 0.25f, 0, -1], [0.9f, -0.9f, 0.5f, 0.05f]];

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "onnx", name);

    [Fact]
    public async Task DeployOnnx_LocalCluster_AnswersEqualOnnxRuntimeInProcessAndAWrongLengthQueryGetsTheDefault()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        string[] cluster = ["--cluster", scope.Name];
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "mlp-app", "--input-type", "floats", "--default-output=-1", "--slo-micros", "5000000", .. cluster]);

        var deployed = await CliRunner.OkAsync(scope.StateRoot, ["deploy", "mlp", "--version", "1", "--onnx", Fixture("mlp.onnx"), "--replicas", "2", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "mlp-app", "mlp", .. cluster]);

        Assert.Contains("deployed mlp:1 (ONNX model ", deployed, StringComparison.Ordinal);
        Assert.Contains("with 2 replica(s), all connected", deployed, StringComparison.Ordinal);
        Assert.Contains("floats", await CliRunner.OkAsync(scope.StateRoot, ["models", .. cluster]), StringComparison.Ordinal);
        float[] expected = RunInProcess(Fixture("mlp.onnx"), s_rows);

        // One request whose inputs reach the container as one batch: the bad row fails alone.
        string body = "{\"input_batch\": [" + string.Join(", ", s_rows[0..2].Select(Json)) + ", [1.0, 2.0, 3.0], " + string.Join(", ", s_rows[2..].Select(Json)) + "]}";
        using var answers = await PredictUntilServedAsync(addresses.Query, "mlp-app", body);

        var batch = answers.RootElement.GetProperty("batch_predictions").EnumerateArray().ToList();
        Assert.Equal(5, batch.Count);
        var good = batch.Where((_, i) => i != 2).ToList();
        for (int i = 0; i < s_rows.Length; i++)
        {
            Assert.False(good[i].GetProperty("default").GetBoolean(), good[i].ToString());
            Assert.Equal(expected[i], good[i].GetProperty("output").GetSingle());
        }

        Assert.True(batch[2].GetProperty("default").GetBoolean());
        Assert.Equal(-1, batch[2].GetProperty("output").GetDouble());
        Assert.Equal(
            "The model failed on this input: the input has 3 values; expected 4 (one row of the model's input input float[batch,4])",
            batch[2].GetProperty("default_explanation").GetString());
    }

    [Fact]
    public async Task DeployOnnx_ZipMapClassifier_AnswersLabelAndProbabilitiesAsJson()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        string[] cluster = ["--cluster", scope.Name];
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "iris", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. cluster]);

        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "iris", "--version", "1", "--onnx", Fixture("classifier-zipmap.onnx"), "--input-type", "doubles", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "iris", "iris", .. cluster]);

        using var answer = await PredictUntilServedAsync(addresses.Query, "iris", "{\"input\": [3.0, -1.0, -2.0, 0.0]}");
        var output = answer.RootElement.GetProperty("output");
        string label = output.GetProperty("label").GetString()!;
        var probabilities = output.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["setosa", "versicolor", "virginica"], probabilities.Keys.Order());
        Assert.Equal(probabilities.MaxBy(p => p.Value).Key, label);
        Assert.Equal(1.0, probabilities.Values.Sum(), 5);
    }

    [Theory]
    [InlineData("not-a-model", "is not a model ONNX Runtime can load: ", "Protobuf parsing failed")]
    [InlineData("two-inputs.onnx", "cannot be served: it has 2 inputs; expected exactly one input tensor", "Signature found: inputs: a float[N,3], b float[N,3]; outputs: output float[N,3].")]
    [InlineData("string-input.onnx", "cannot be served: its input text string[N,1] is not a float, double, int32 or int64 tensor", "Signature found: inputs: text string[N,1]")]
    public async Task DeployOnnx_ModelThatCannotBeServed_FailsAtOnceWithTheReasonAndRegistersNothing(string file, string reason, string detail)
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        string path = file == "not-a-model" ? Path.Combine(scope.StateRoot, "bad.onnx") : Fixture(file);
        if (file == "not-a-model")
        {
            await File.WriteAllTextAsync(path, "not a protobuf at all");
        }

        var started = DateTime.UtcNow;
        var (exitCode, stdout, stderr) = await CliRunner.RunAsync(scope.StateRoot, ["deploy", "bad", "--version", "1", "--onnx", path, "--cluster", scope.Name]);

        Assert.True(exitCode == 1, stdout + stderr);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.Contains(detail, stderr, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the deploy should fail before starting anything");
        Assert.DoesNotContain("bad", await CliRunner.OkAsync(scope.StateRoot, ["models", "--cluster", scope.Name]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployOnnx_InputTypeTheTensorDoesNotTake_FailsNamingTheInput()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();

        await CliRunner.FailsAsync(
            scope.StateRoot,
            ["deploy", "mlp", "--version", "1", "--onnx", Fixture("mlp.onnx"), "--input-type", "integers", "--cluster", scope.Name],
            "Input type integers cannot feed the input input float[batch,4] of ONNX model");
    }

    [Fact]
    public async Task OnnxModel_FileThatCannotBeServed_ExitsWithTheReason()
    {
        string stateRoot = Directory.CreateTempSubdirectory("clipper-onnx-").FullName;
        try
        {
            await CliRunner.FailsAsync(
                stateRoot,
                ["onnx-model", "--model", Fixture("two-inputs.onnx"), "--model-name", "m", "--model-version", "1", "--port", "9"],
                "cannot be served: it has 2 inputs; expected exactly one input tensor");
            await CliRunner.FailsAsync(stateRoot, ["onnx-model", "--model", Path.Combine(stateRoot, "missing.onnx")], "does not exist; expected the path of a .onnx file.");
        }
        finally
        {
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>ONNX Runtime on the model alone, in this process: what the served answers must equal.</summary>
    internal static float[] RunInProcess(string model, float[][] rows)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [input], session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    internal static string Json(float[] row) => "[" + string.Join(", ", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>Posts until the model answers (links reach the frontend asynchronously); returns the first answer that is not a default for want of a replica.</summary>
    internal static async Task<JsonDocument> PredictUntilServedAsync(Uri query, string app, string body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string last = "";
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                using var response = await http.PostAsync(new Uri(query, app + "/predict"), new StringContent(body, Encoding.UTF8, "application/json"));
                last = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && !last.Contains("No connected models", StringComparison.Ordinal) && last.Contains("\"default\":false", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            () => "last answer: " + last);
        return JsonDocument.Parse(last);
    }
}
