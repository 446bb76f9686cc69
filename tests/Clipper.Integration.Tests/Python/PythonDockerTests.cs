using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Docker;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary>A Python model deployed on the real Docker engine: an image FROM scratch of this machine's python3, scikit-learn and the folder.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class PythonDockerTests
{
    [Fact]
    public async Task BuildAndDeployPythonModelAsync_ScikitLearnModelOnDocker_IsHealthyAndAnswersAsScikitLearnDoes()
    {
        await using var scope = new DockerClusterScope(deployTimeout: TimeSpan.FromSeconds(120));
        var addresses = await scope.StartAsync();
        var folder = await SklearnCases.TrainAsync(scope.StateRoot);

        var artifact = await scope.Connection.BuildAndDeployPythonModelAsync("iris", "1", "doubles", folder, "model:predict").WaitAsync(TimeSpan.FromMinutes(8));
        await scope.Connection.RegisterApplicationAsync("iris", "doubles", "none", 5_000_000);
        await scope.Connection.LinkModelToAppAsync("iris", "iris");

        Assert.Equal($"{scope.Name}-iris:1", artifact.Image);
        Assert.True(artifact.HasReadinessProbe);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")));
        foreach (var case_ in expected.RootElement.EnumerateArray().Take(6))
        {
            await SklearnCases.AnswersAsync(addresses.Query, "iris", case_);
        }

        // The image's health check (run by its own python3 on the ready file) turns healthy once the replica is connected.
        IReadOnlyList<ReplicaStatus> seen = [];
        await Eventually.TrueAsync(
            async () => (seen = await scope.Manager.GetReplicasAsync()).Count == 1 && seen[0].State == ReplicaState.Running,
            TimeSpan.FromSeconds(60),
            () => "replicas: " + string.Join(", ", seen.Select(r => $"{r.Id} {r.State}")));
    }
}
