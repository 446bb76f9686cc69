using Clipper.ModelRpc.Protocol;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The image of a Python model version (<see cref="ModelArtifact.OfPythonFolder"/>): <c>[REGISTRY/]CLUSTER-NAME:VERSION</c>,
/// a <see cref="PythonImage"/> holding this machine's Debian python3, the Debian packages the model needs, its folder at
/// <see cref="PythonModelSource.ImageModelFolder"/> and the <c>clipper_rpc</c> library at
/// <see cref="PythonModelSource.ImageLibraryFolder"/>, with <c>CLIPPER_READY_FILE</c> and a health check run by the image's
/// own interpreter.
/// </summary>
internal static class PythonModelImage
{
    /// <summary>Builds the image unless an identical one has its tag, and pushes it when <paramref name="registry"/> is given.</summary>
    /// <param name="docker">The engine.</param>
    /// <param name="cluster">The cluster's name, the start of the repository's name.</param>
    /// <param name="model">The version: the repository's name ends with its name, the tag is its version.</param>
    /// <param name="source">The model's and the library's folders, its entry point and Debian packages.</param>
    /// <param name="registry">The registry to push to; null to keep the image on the engine.</param>
    /// <param name="progress">Reports the build and the push.</param>
    /// <param name="cancellationToken">Cancels them.</param>
    /// <returns>The image, with its readiness check.</returns>
    /// <exception cref="ContainerManagerException">A package is not installed on this machine, or the build or push failed.</exception>
    public static async Task<ModelArtifact> BuildAsync(IDockerClient docker, string cluster, ModelVersionId model, PythonModelSource source, string? registry, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var repository = (registry is null ? "" : registry + "/") + $"{cluster}-{model.Name}";
        var tag = $"{repository}:{model.Version}";
        var spec = new PythonAppSpec(
            tag,
            source.DebianPackages,
            [new(source.ModelFolder, PythonModelSource.ImageModelFolder), new(source.LibraryFolder, PythonModelSource.ImageLibraryFolder)],
            source.CommandLine(PythonModelSource.ImageModelFolder, PythonModelSource.ImageLibraryFolder))
        {
            Labels = new Dictionary<string, string> { [ImageLabels.Kind] = "model", [ClipperLabels.Cluster] = cluster, [ClipperLabels.ModelContainer] = model.ToLabel() },
            Environment = new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" },
            WorkingDirectory = PythonModelSource.ImageModelFolder,
            Model = true,
        };
        progress?.Report($"building the Python image {tag}...");
        await PythonImage.EnsureAsync(docker, spec, progress, cancellationToken).ConfigureAwait(false);
        if (registry is not null)
        {
            await DockerRegistry.PushAsync(docker, tag, progress, cancellationToken).ConfigureAwait(false);
        }

        return new ModelArtifact([], Image: tag) { HasReadinessProbe = true, ReadinessCommand = PythonImage.ReadinessCommand };
    }
}
