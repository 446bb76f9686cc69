using System.Text;
using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary><c>clipper deploy --python</c> on a local cluster: a scikit-learn model trained by the test, and the mistakes refused at once.</summary>
public sealed class PythonDeployTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeployPython_ScikitLearnModelTrainedByTheTest_AnswersWhatScikitLearnPredictsInProcess()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        var folder = await SklearnCases.TrainAsync(scope.StateRoot);
        var cluster = new[] { "--cluster", scope.Name };

        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "iris", "--input-type", "doubles", "--default-output", "none", "--slo-micros", "5000000", .. cluster]);
        var deploy = await CliRunner.OkAsync(scope.StateRoot, ["deploy", "iris", "--version", "1", "--input-type", "doubles", "--python", folder, "--entry", "model:predict", "--replicas", "2", .. cluster]);
        Assert.Contains("deployed iris:1 with 2 replica(s), all connected", deploy, StringComparison.Ordinal);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "iris", "iris", .. cluster]);

        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")));
        using var http = new HttpClient { Timeout = s_timeout };
        var compared = 0;
        foreach (var case_ in expected.RootElement.EnumerateArray())
        {
            var body = "{\"input\": " + case_.GetProperty("input").GetRawText() + "}";
            var answer = await PredictServedAsync(http, new Uri(addresses.Query, "iris/predict"), body);
            var output = answer.GetProperty("output");
            var want = case_.GetProperty("output");
            Assert.Equal(want.GetProperty("label").GetInt32(), output.GetProperty("label").GetInt32());
            Assert.Equal(
                want.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()),
                output.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()));
            compared++;
        }

        Assert.Equal(25, compared);
        var artifact = Path.Combine(scope.StateRoot, "models", "iris", "1");
        Assert.True(File.Exists(Path.Combine(artifact, "model", "model.pkl")), "the folder is copied into the artifact");
        Assert.True(File.Exists(Path.Combine(artifact, "lib", "clipper_rpc", "container.py")), "the library is copied beside it");
    }

    [Fact]
    public async Task BuildPythonModelAsync_MistakesInTheFolder_AreRefusedAtOnceNamingTheFix()
    {
        await using var scope = new LocalClusterScope();
        var folder = Directory.CreateDirectory(Path.Combine(scope.StateRoot, "source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "model.py"), "def predict(inputs):\n    return inputs\n");

        var badEntry = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildPythonModelAsync("m", "1", folder, "model.predict"));
        Assert.Contains("Invalid --entry 'model.predict': expected MODULE:FUNCTION", badEntry.Message, StringComparison.Ordinal);
        var noModule = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildPythonModelAsync("m", "1", folder, "other:predict"));
        Assert.Contains("expected other.py or other/__init__.py there", noModule.Message, StringComparison.Ordinal);
        var noFolder = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildPythonModelAsync("m", "1", Path.Combine(folder, "missing"), "model:predict"));
        Assert.Contains("is not a folder", noFolder.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(folder, "requirements-debian.txt"), "python3-numpy\n\nNumPy==1.24 # pip style\n");
        var badLine = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildPythonModelAsync("m", "1", folder, "model:predict"));
        Assert.Contains("requirements-debian.txt line 3: 'NumPy==1.24' is not a Debian package name", badLine.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(folder, "requirements-debian.txt"), "# what model.py imports\npython3-numpy\npython3-clipper-test-absent\n");
        var missing = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildPythonModelAsync("m", "1", folder, "model:predict"));
        Assert.Contains("not installed on this machine: python3-clipper-test-absent. Install them with: apt-get install -y python3-clipper-test-absent", missing.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scope.StateRoot, "models", "m")), "a refused build writes nothing");

        var cli = await CliRunner.RunAsync(scope.StateRoot, ["deploy", "m", "--version", "1", "--input-type", "doubles", "--python", folder, "--cluster", scope.Name]);
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("--python DIR and --entry MODULE:FUNCTION go together", cli.Stdout + cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployPython_EntryMissingFromTheModule_FailsWithTheReplicasMessage()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        var folder = Directory.CreateDirectory(Path.Combine(scope.StateRoot, "source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "model.py"), "def predict(inputs):\n    return inputs\n");

        var (exitCode, _, stderr) = await CliRunner.RunAsync(
            scope.StateRoot, ["deploy", "m", "--version", "1", "--input-type", "doubles", "--python", folder, "--entry", "model:forecast", "--cluster", scope.Name]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Replica m_1-1 of m:1 exited with code 2 before it served", stderr, StringComparison.Ordinal);
        Assert.Contains("model has no attribute 'forecast'; expected a function predict(inputs) -> list", stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PredictServedAsync(HttpClient http, Uri url, string body)
    {
        var last = "";
        JsonElement answer = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            last = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(last);
            answer = json.RootElement.Clone();
            return response.IsSuccessStatusCode && !answer.GetProperty("default").GetBoolean();
        }, s_timeout, () => "last answer: " + last);
        return answer;
    }
}
