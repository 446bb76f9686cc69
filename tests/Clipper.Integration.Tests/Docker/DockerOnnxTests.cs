using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Docker;

/// <summary><c>clipper deploy --onnx --manager docker</c>: an image of the command line, ONNX Runtime's libraries and the model, on the real engine.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerOnnxTests
{
    private static readonly float[][] s_rows = [[0.1f, -0.2f, 0.3f, 0.4f], [1, 1, 1, 1], [-0.5f, 0.25f, 0, -1]];

    [Fact]
    public async Task DeployOnnx_DockerManager_BuildsTheModelImageAndAnswersAsOnnxRuntimeInProcess()
    {
        await using var scope = new DockerClusterScope();
        string[] cluster = scope.CliArguments;
        string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await CliRunner.OkAsync(scope.StateRoot, ["start", "--query-port", Port(), "--management-port", Port(), "--rpc-port", Port(), .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "mlp-app", "--input-type", "floats", "--default-output=-1", "--slo-micros", "5000000", .. cluster]);

        var deployed = await CliRunner.OkAsync(scope.StateRoot, ["deploy", "mlp", "--version", "1", "--onnx", OnnxDeployTests.Fixture("mlp.onnx"), .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "mlp-app", "mlp", .. cluster]);

        string image = $"{scope.Name}-mlp:1";
        Assert.Contains($"deployed mlp:1 (image {image}) with 1 replica(s), all connected", deployed, StringComparison.Ordinal);
        float[] expected = OnnxDeployTests.RunInProcess(OnnxDeployTests.Fixture("mlp.onnx"), s_rows);
        for (int i = 0; i < s_rows.Length; i++)
        {
            string last = "";
            await Eventually.TrueAsync(
                async () => (last = (await CliRunner.RunAsync(scope.StateRoot, ["predict", "mlp-app", OnnxDeployTests.Json(s_rows[i]), .. cluster])).Stdout).Contains("\"default\":false", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                () => "last answer: " + last);
            using var answer = JsonDocument.Parse(last);
            Assert.Equal(expected[i], answer.RootElement.GetProperty("output").GetSingle());
        }

        using var docker = DockerEngine.Connect();
        var inspected = await docker.Images.InspectImageAsync(image);
        Assert.Equal(["/dotnet/dotnet", "/app/clipper.dll", "onnx-model", "--model", "model.onnx"], inspected.Config.Entrypoint);
        Assert.Equal("/model", inspected.Config.WorkingDir);
        Assert.Contains("CLIPPER_READY_FILE=/tmp/model_is_ready.check", inspected.Config.Env);
        Assert.NotNull(inspected.Config.Healthcheck);
        var replica = await docker.Containers.InspectContainerAsync(scope.Name + "-mlp_1-0");
        Assert.Equal(inspected.ID, replica.Image);
        await Eventually.TrueAsync(
            async () => (await docker.Containers.InspectContainerAsync(scope.Name + "-mlp_1-0")).State.Health?.Status == "healthy",
            TimeSpan.FromSeconds(60));
        var logs = await CliRunner.OkAsync(scope.StateRoot, ["logs", "--dir", Path.Combine(scope.StateRoot, "cli-logs"), .. cluster]);
        var replicaLog = await File.ReadAllTextAsync(Path.Combine(scope.StateRoot, "cli-logs", "mlp_1-0.log"));
        Assert.Contains("execution provider: CPU", replicaLog, StringComparison.Ordinal);
        Assert.Contains("mlp_1-0.log", logs, StringComparison.Ordinal);
    }
}
