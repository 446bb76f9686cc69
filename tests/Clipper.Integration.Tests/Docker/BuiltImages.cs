using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// Removes, when the last Docker test is done, the images they built that were not on the engine before
/// (runtime, command line, Redis, models). Runs of the suite on one engine at the same time share those
/// images; each run removes only what was not there when it began.
/// </summary>
public sealed class BuiltImages : IAsyncLifetime
{
    private HashSet<string> _before = [];

    public async Task InitializeAsync()
    {
        using var docker = DockerEngine.Connect();
        _before = (await docker.Images.ListImagesAsync(new ImagesListParameters { All = true })).Select(i => i.ID).ToHashSet();
    }

    public async Task DisposeAsync()
    {
        using var docker = DockerEngine.Connect();
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["ai.clipper.image"] = true } };
        // Images built on the runtime image go first: an image with children cannot be removed.
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters { Filters = filter }))
            {
                if (!_before.Contains(image.ID) && (pass > 0 || image.Labels["ai.clipper.image"] != "runtime"))
                {
                    try
                    {
                        await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
                    }
                    catch (global::Docker.DotNet.DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
                    {
                        // Still has children; the next pass removes it.
                    }
                }
            }
        }
    }
}
