using System.Text;
using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.Integration.Tests.Docker;
using Clipper.Integration.Tests.Kubernetes;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary>A Python model on a real Kubernetes cluster: its image built on this machine, imported into the node, deployed and answering.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the image is built on the Docker engine
public sealed class PythonKubernetesTests(LocalKubernetes kubernetes) : IDisposable
{
    private static int s_sequence;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-py-").FullName;
    private readonly string _name = $"kpy{Environment.ProcessId % 10000}-{Interlocked.Increment(ref s_sequence)}";

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name];

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Fact]
    public async Task DeployPython_ScikitLearnModelOnKubernetes_IsReadyAndAnswersAsScikitLearnDoes()
    {
        var folder = await PythonDeployTests.TrainSklearnModelAsync(_stateRoot);

        // Built first out here, where the Docker engine is, and imported into the node: the deploy inside the
        // cluster's network then finds the image with the same content under the same tag and reuses it.
        using var connection = new ClipperConnection(
            new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = _name }),
            new ClipperConnectionOptions { ArtifactRoot = Path.Combine(_stateRoot, "prebuilt") });
        var built = await connection.BuildPythonModelAsync("iris", "1", folder, "model:predict").WaitAsync(TimeSpan.FromMinutes(8));
        Assert.Equal($"{_name}-iris:1", built.Image);
        Assert.NotNull(built.ReadinessCommand);
        using var docker = DockerEngine.Connect();
        try
        {
            await LocalKubernetes.ImportAsync(docker, built.Image!);
            await LocalKubernetes.OkAsync(_stateRoot, ["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, .. Cluster]);
            await LocalKubernetes.OkAsync(_stateRoot, ["register-app", "iris", "--input-type", "doubles", "--default-output", "none", "--slo-micros", "5000000", .. Cluster]);

            // The deploy waits for the readiness probe, which runs the image's own python3 on the ready file.
            var deployed = await LocalKubernetes.OkAsync(_stateRoot, ["deploy", "iris", "--version", "1", "--input-type", "doubles", "--python", folder, "--entry", "model:predict", .. Cluster]);
            Assert.Contains("deployed iris:1 with 1 replica(s), all connected", deployed, StringComparison.Ordinal);
            await LocalKubernetes.OkAsync(_stateRoot, ["link", "iris", "iris", .. Cluster]);

            using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")));
            foreach (var case_ in expected.RootElement.EnumerateArray().Take(4))
            {
                var want = case_.GetProperty("output");
                var last = "";
                await Eventually.TrueAsync(
                    async () => Matches(last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["predict", "iris", case_.GetProperty("input").GetRawText(), .. Cluster])).Output, want),
                    TimeSpan.FromSeconds(60),
                    () => $"last answer: {last}; expected {want}");
            }
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
            await docker.Images.DeleteImageAsync(built.Image!, new global::Docker.DotNet.Models.ImageDeleteParameters { Force = true });
        }
    }

    /// <summary>Whether the command line's printed answer is the model's (not a default) and equals scikit-learn's output.</summary>
    private static bool Matches(string printed, JsonElement want)
    {
        var line = printed.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith('{'));
        if (line is null)
        {
            return false;
        }

        using var answer = JsonDocument.Parse(line);
        return !answer.RootElement.GetProperty("default").GetBoolean() && SameOutput(answer.RootElement.GetProperty("output"), want);
    }

    internal static bool SameOutput(JsonElement output, JsonElement want) =>
        output.GetProperty("label").GetInt32() == want.GetProperty("label").GetInt32()
        && output.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).SequenceEqual(want.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()));

    /// <summary>Waits until the app answers the case's input with exactly the output scikit-learn gave in process.</summary>
    internal static async Task AnswersAsync(Uri query, string app, JsonElement case_)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var want = case_.GetProperty("output");
        var last = "";
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var response = await http.PostAsync(new Uri(query, app + "/predict"), new StringContent("{\"input\": " + case_.GetProperty("input").GetRawText() + "}", Encoding.UTF8, "application/json"));
                    last = await response.Content.ReadAsStringAsync();
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                    return false;
                }

                using var answer = JsonDocument.Parse(last);
                if (answer.RootElement.GetProperty("default").GetBoolean())
                {
                    return false;
                }

                return SameOutput(answer.RootElement.GetProperty("output"), want);
            },
            TimeSpan.FromSeconds(90),
            () => $"last answer: {last}; expected {want}");
    }
}
