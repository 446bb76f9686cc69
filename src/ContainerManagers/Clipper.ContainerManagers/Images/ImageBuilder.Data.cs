using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Images;

public sealed partial class ImageBuilder
{
    /// <summary>
    /// The image of a model version that runs the <c>clipper</c> command line in a data folder
    /// (<see cref="ModelArtifact.OfClipperWithData"/>; <see cref="ClipperDataImage"/>), pushed to <paramref name="registry"/> when given.
    /// </summary>
    internal async Task<ModelArtifact> BuildClipperDataModelAsync(string cluster, ModelVersionId model, string dataDirectory, IReadOnlyList<string> arguments, string? registry, CancellationToken cancellationToken)
    {
        DockerRegistry.Validate(registry);
        return await EngineClient.RunAsync(_endpoint, $"the image of {model}", async docker =>
        {
            var clipper = await ClipperImage.EnsureAsync(docker, _clipperDirectory, Progress, cancellationToken).ConfigureAwait(false);
            return await ClipperDataImage.BuildAsync(docker, clipper, _clipperDirectory, cluster, model, dataDirectory, arguments, registry, Progress, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
