using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Docker;

/// <summary>A Clipper-protocol model image deployed with <c>clipper deploy --image</c> on the real engine.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerClipperContainerTests
{
    [Fact]
    public async Task Deploy_ClipperProtocolImage_ServesPredictionsWithClippersEnvironmentUnchanged()
    {
        await using var scope = new DockerClusterScope();
        var cluster = scope.CliArguments;
        using var docker = DockerEngine.Connect();
        var image = await ClipperContainerImage.BuildAsync(docker, "clipper-test-zmq-" + Guid.NewGuid().ToString("N")[..8], "sum");
        try
        {
            await OkAsync(scope, ["start", "--query-port", Port(), "--management-port", Port(), "--rpc-port", Port(), .. cluster]);
            await OkAsync(scope, ["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. cluster]);

            var deployed = await OkAsync(scope, ["deploy", "zsum", "--version", "1", "--input-type", "doubles", "--image", image, "--replicas", "2", "--deploy-timeout", "120", .. cluster]);
            await OkAsync(scope, ["link", "adder", "zsum", .. cluster]);

            Assert.Contains("deployed zsum:1 with 2 replica(s)", deployed, StringComparison.Ordinal);
            var replica = await docker.Containers.InspectContainerAsync(scope.Name + "-zsum_1-0");
            Assert.Contains($"CLIPPER_IP={scope.Name}-query", replica.Config.Env);
            Assert.Contains("CLIPPER_PORT=7000", replica.Config.Env);
            Assert.Contains("CLIPPER_INPUT_TYPE=doubles", replica.Config.Env);
            var last = "";
            await Eventually.TrueAsync(
                async () => (last = (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", .. cluster])).Stdout).Contains("\"output\":4.0,\"default\":false", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), () => "last answer: " + last);
            using (var replicas = JsonDocument.Parse(await OkAsync(scope, ["replicas", "--output", "json", .. cluster])))
            {
                Assert.Equal(2, replicas.RootElement.GetArrayLength());
                Assert.All(replicas.RootElement.EnumerateArray(), r => Assert.Equal("clipper-zmq", r.GetProperty("protocol").GetString()));
            }

            var status = await OkAsync(scope, ["status", .. cluster]);
            Assert.Contains("zsum_1-0", status, StringComparison.Ordinal);
            Assert.Contains("zsum:1=2", status, StringComparison.Ordinal);
        }
        finally
        {
            await CliRunner.RunAsync(scope.StateRoot, ["stop-all", "--force", .. cluster]);
            await ClipperContainerImage.RemoveAsync(docker, image);
        }
    }

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);

    private static async Task<string> OkAsync(DockerClusterScope scope, string[] args)
    {
        var (exitCode, stdout, stderr) = await CliRunner.RunAsync(scope.StateRoot, args);
        Assert.True(exitCode == 0, $"clipper {string.Join(' ', args)} exited {exitCode}: {stdout}{stderr}");
        return stdout;
    }
}
