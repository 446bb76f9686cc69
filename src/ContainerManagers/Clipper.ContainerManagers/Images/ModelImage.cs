using Clipper.ModelRpc.Protocol;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The image of a model version published as a folder: <c>[REGISTRY/]CLUSTER-NAME:VERSION</c>, an
/// <see cref="ApplicationImage"/> with <c>CLIPPER_READY_FILE</c> and a health check that is healthy while the
/// replica is connected to its frontend.
/// </summary>
internal static class ModelImage
{
    /// <summary>Builds the image of a published folder unless an identical one has its tag, and pushes it when <paramref name="registry"/> is given.</summary>
    /// <param name="docker">The engine.</param>
    /// <param name="cluster">The cluster's name, the start of the repository's name.</param>
    /// <param name="model">The version: the repository's name ends with its name, the tag is its version.</param>
    /// <param name="folder">The published folder (<see cref="ModelArtifact.OfPublishedFolder"/>).</param>
    /// <param name="entryAssembly">Its entry assembly.</param>
    /// <param name="registry">The registry to push to; null to keep the image on the engine.</param>
    /// <param name="progress">Reports the build and the push.</param>
    /// <param name="cancellationToken">Cancels them.</param>
    /// <returns>The image, with its readiness probe.</returns>
    public static async Task<ModelArtifact> BuildAsync(IDockerClient docker, string cluster, ModelVersionId model, string folder, string entryAssembly, string? registry, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var repository = (registry is null ? "" : registry + "/") + $"{cluster}-{model.Name}";
        var tag = $"{repository}:{model.Version}";
        var labels = new Dictionary<string, string> { [ImageLabels.Kind] = "model", [ClipperLabels.Cluster] = cluster, [ClipperLabels.ModelContainer] = model.ToLabel() };
        await ApplicationImage.EnsureAsync(docker, repository, folder, Path.GetFileName(entryAssembly), labels, progress, cancellationToken, tag, model: true).ConfigureAwait(false);
        if (registry is not null)
        {
            await DockerRegistry.PushAsync(docker, tag, progress, cancellationToken).ConfigureAwait(false);
        }

        return new ModelArtifact([], Image: tag) { HasReadinessProbe = true };
    }
}
