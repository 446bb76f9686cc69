using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The image of the <c>clipper</c> command line (<c>clipper-net:HASH</c>), which runs the frontends and the example
/// models: an <see cref="ApplicationImage"/> of the published command line.
/// </summary>
internal static class ClipperImage
{
    /// <summary>How long an image of another build is kept, unused, before <see cref="EnsureAsync"/> removes it.</summary>
    private static readonly TimeSpan s_keptFor = TimeSpan.FromHours(1);

    /// <summary>
    /// Builds the image of the command line in <paramref name="clipperDirectory"/> unless the engine has it; returns its
    /// tag. Images of other builds of the command line are removed when no container uses them and they are more than an hour old.
    /// </summary>
    public static async Task<string> EnsureAsync(IDockerClient docker, string clipperDirectory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var tag = await ApplicationImage.EnsureAsync(docker, "clipper-net", clipperDirectory, "clipper.dll", new Dictionary<string, string> { [ImageLabels.Kind] = "clipper" }, progress, cancellationToken).ConfigureAwait(false);
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ImageLabels.Kind + "=clipper"] = true } };
        foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false))
        {
            // An image built within the hour may be the base of a build in progress elsewhere (another cluster, another
            // build of the command line): only older ones are removed.
            if (image.RepoTags is { } tags && !tags.Contains(tag) && image.Created < DateTime.UtcNow - s_keptFor)
            {
                try
                {
                    await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters(), cancellationToken).ConfigureAwait(false);
                }
                catch (DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
                {
                    // A container (of this or another cluster) still runs it: kept.
                }
            }
        }

        return tag;
    }
}
