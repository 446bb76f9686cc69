using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Serving;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Model images built from a .NET project, pushed to a real registry, and deployed from it.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerRegistryTests
{
    [Fact]
    public async Task BuildModelAsync_ProjectAndRegistry_PushesAHealthCheckedImageThatDeploysAndServes()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await using var scope = new DockerClusterScope(registry: registry.Address);
        var addresses = await scope.StartAsync();
        var project = Path.Combine(ModelBuildTests.RepositoryRoot(), "examples", "SumModel");

        var built = await scope.Connection.BuildModelAsync("summer", "1", project).WaitAsync(TimeSpan.FromMinutes(5));

        var image = $"{registry.Address}/{scope.Name}-summer:1";
        Assert.Equal(new ModelArtifact([], Image: image) { HasReadinessProbe = true }, built);
        Assert.Contains("\"1\"", await registry.TagsAsync($"{scope.Name}-summer"), StringComparison.Ordinal);
        using (var docker = DockerEngine.Connect())
        {
            var inspected = await docker.Images.InspectImageAsync(image);
            Assert.Contains("clipper-readiness-probe.dll", string.Join(' ', inspected.Config.Healthcheck.Test));

            // The deploy below has to pull it back from the registry.
            await docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true });
        }

        await scope.Connection.DeployModelAsync("summer", "1", "doubles", built, replicas: 1);
        await scope.RegisterAdderAsync("summer");
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1.5, 3]", "4.5");
        await Eventually.TrueAsync(
            async () => (await scope.Manager.GetReplicasAsync()) is [{ State: ReplicaState.Running, Id: "summer_1-0" }],
            TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Images_RegistryAndSave_BuildsPushesAndSavesTheClusterImages()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var folder = Directory.CreateTempSubdirectory("clipper-images-").FullName;
        try
        {
            var printed = await CliRunner.OkAsync(folder, "images", "--registry", registry.Address, "--save", folder);

            Assert.Matches($@"clipper-image  {System.Text.RegularExpressions.Regex.Escape(registry.Address)}/clipper-net:[0-9a-f]{{12}}", printed);
            Assert.Contains("\"tags\":[\"", await registry.TagsAsync("clipper-net"), StringComparison.Ordinal);
            Assert.Contains("\"tags\":[\"", await registry.TagsAsync("clipper-redis"), StringComparison.Ordinal);
            Assert.Equal(2, Directory.GetFiles(folder, "*.tar").Length);
        }
        finally
        {
            using var docker = DockerEngine.Connect();
            foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters()))
            {
                if ((image.RepoTags ?? []).Any(t => t.StartsWith(registry.Address + "/", StringComparison.Ordinal)))
                {
                    foreach (var tag in image.RepoTags!.Where(t => t.StartsWith(registry.Address + "/", StringComparison.Ordinal)))
                    {
                        await docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
                    }
                }
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
