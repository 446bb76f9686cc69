using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Images;

/// <summary>Builds images through the engine's API from a <see cref="BuildContext"/> (no docker CLI, no BuildKit).</summary>
internal static class DockerImageBuilder
{
    /// <summary>True when the engine has an image with this tag.</summary>
    public static async Task<bool> ExistsAsync(IDockerClient docker, string tag, CancellationToken cancellationToken)
    {
        var images = await docker.Images.ListImagesAsync(
            new ImagesListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [tag] = true } } },
            cancellationToken).ConfigureAwait(false);
        return images.Count > 0;
    }

    /// <summary>True when the engine has an image with this tag that carries every label of <paramref name="labels"/>.</summary>
    private static async Task<bool> HasLabelsAsync(IDockerClient docker, string tag, IDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        try
        {
            var image = await docker.Images.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in labels)
            {
                if (image.Config?.Labels is not { } present || !present.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }

            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Builds <paramref name="context"/> (it holds its Dockerfile) and tags the image.</summary>
    /// <exception cref="ContainerManagerException">The build failed; the message holds the engine's error and the last build lines.</exception>
    public static async Task BuildAsync(IDockerClient docker, BuildContext context, string tag, IDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        // Contexts hold a .NET runtime (~100 MB): staged in a temporary file rather than in memory.
        var staging = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(staging))
            {
                await context.WriteTarAsync(file, cancellationToken).ConfigureAwait(false);
            }

            var messages = new EngineMessages();
            await using var tar = File.OpenRead(staging);
            var parameters = new ImageBuildParameters { Tags = [tag], Dockerfile = "Dockerfile", Labels = labels, Remove = true, ForceRemove = true };
            try
            {
                await docker.Images.BuildImageFromDockerfileAsync(parameters, tar, null, null, messages, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException ex)
            {
                throw new ContainerManagerException($"The Docker engine refused to build {tag}: {ex.ResponseBody}", ex);
            }

            // The tag may name an earlier build of the same version: the new image must carry this build's labels.
            if (messages.Error is not null || !await HasLabelsAsync(docker, tag, labels, cancellationToken).ConfigureAwait(false))
            {
                var lines = messages.Output;
                throw new ContainerManagerException($"Building image {tag} failed: {messages.Error ?? "no image was produced"}. Build output:{Environment.NewLine}{(lines.Length > 2000 ? lines[^2000..] : lines)}");
            }
        }
        finally
        {
            File.Delete(staging);
        }
    }
}
