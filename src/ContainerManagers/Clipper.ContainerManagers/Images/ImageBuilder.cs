using Clipper.ModelRpc.Protocol;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// Builds the images clusters run on this machine's Docker engine (<c>FROM scratch</c>, from files on this machine;
/// nothing is pulled) and pushes them to a registry: the <c>clipper</c> command line's and Redis's, which
/// Kubernetes nodes pull, and the images of models published as folders.
/// </summary>
public sealed partial class ImageBuilder
{
    private readonly Uri? _endpoint;
    private readonly string _clipperDirectory;

    /// <summary>A builder on the engine at <paramref name="dockerEndpoint"/>.</summary>
    /// <param name="dockerEndpoint">The engine's address; null for <c>DOCKER_HOST</c>, or else <c>unix:///var/run/docker.sock</c>.</param>
    /// <param name="clipperDirectory">The published <c>clipper</c> command line (a folder with <c>clipper.dll</c>); null for this program's own folder.</param>
    public ImageBuilder(Uri? dockerEndpoint = null, string? clipperDirectory = null)
    {
        _endpoint = dockerEndpoint;
        _clipperDirectory = Path.GetFullPath(clipperDirectory ?? AppContext.BaseDirectory);
    }

    /// <summary>Receives one line per slow step (building an image, pushing); null for none.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// Builds the images a cluster runs (the <c>clipper</c> command line's, for the frontends and example models, and
    /// Redis's) unless the engine has them, and when <paramref name="registry"/> is given tags them for it and pushes
    /// them: what a Kubernetes cluster's nodes pull.
    /// </summary>
    /// <param name="registry">A registry (<c>host[:port][/path]</c>); null to keep the images on the engine.</param>
    /// <param name="cancellationToken">Cancels the builds and pushes.</param>
    /// <returns>The images' names, as nodes should ask for them.</returns>
    /// <exception cref="ContainerManagerException">The registry is invalid, or a build or push failed.</exception>
    public async Task<(string Clipper, string Redis)> BuildClusterImagesAsync(string? registry = null, CancellationToken cancellationToken = default)
    {
        DockerRegistry.Validate(registry);
        return await EngineClient.RunAsync(_endpoint, "the cluster's images", async docker =>
        {
            var clipper = await ClipperImage.EnsureAsync(docker, _clipperDirectory, Progress, cancellationToken).ConfigureAwait(false);
            var redis = await RedisImage.EnsureAsync(docker, Progress, cancellationToken).ConfigureAwait(false);
            if (registry is null)
            {
                return (clipper, redis);
            }

            return (await PushToAsync(docker, clipper, registry, cancellationToken).ConfigureAwait(false), await PushToAsync(docker, redis, registry, cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds the Prometheus image (<see cref="PrometheusImage"/>, from this machine's <c>prometheus</c>) a Kubernetes cluster
    /// started with <c>--prometheus</c> runs, and pushes it to <paramref name="registry"/> when given; returns its name.
    /// </summary>
    /// <param name="registry">A registry (<c>host[:port][/path]</c>) to push it to; null to keep it on the engine.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <exception cref="ContainerManagerException"><c>prometheus</c> is not installed, or the engine failed.</exception>
    public async Task<string> BuildPrometheusImageAsync(string? registry = null, CancellationToken cancellationToken = default)
    {
        DockerRegistry.Validate(registry);
        return await EngineClient.RunAsync(_endpoint, "the Prometheus image", async docker =>
        {
            var image = await PrometheusImage.EnsureAsync(docker, Progress, cancellationToken).ConfigureAwait(false);
            return registry is null ? image : await PushToAsync(docker, image, registry, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Tags an image of the engine for <paramref name="registry"/> and pushes it; returns the name nodes pull.</summary>
    private async Task<string> PushToAsync(IDockerClient docker, string image, string registry, CancellationToken cancellationToken)
    {
        var pushed = registry + "/" + image;
        var (repository, tag) = DockerRegistry.Split(pushed);
        await docker.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken).ConfigureAwait(false);
        await DockerRegistry.PushAsync(docker, pushed, Progress, cancellationToken).ConfigureAwait(false);
        return pushed;
    }

    /// <summary>Writes each image as a <c>docker save</c> tarball (<c>REPOSITORY_TAG.tar</c>) into <paramref name="directory"/>.</summary>
    /// <param name="images">The images, as the engine names them.</param>
    /// <param name="directory">Where the tarballs go; created when missing.</param>
    /// <param name="cancellationToken">Cancels the saves.</param>
    /// <returns>The files written.</returns>
    public async Task<IReadOnlyList<string>> SaveImagesAsync(IReadOnlyList<string> images, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        Directory.CreateDirectory(directory);
        return await EngineClient.RunAsync(_endpoint, "the cluster's images", async docker =>
        {
            var files = new List<string>();
            foreach (var image in images)
            {
                var path = Path.Combine(directory, image.Replace('/', '_').Replace(':', '_') + ".tar");
                await using (var saved = await docker.Images.SaveImageAsync(image, cancellationToken).ConfigureAwait(false))
                await using (var file = File.Create(path))
                {
                    await saved.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }

                files.Add(path);
            }

            return (IReadOnlyList<string>)files;
        }).ConfigureAwait(false);
    }

    /// <summary>The image of a model version published as a folder (<see cref="ModelImage"/>), pushed to <paramref name="registry"/> when given.</summary>
    internal async Task<ModelArtifact> BuildModelAsync(string cluster, ModelVersionId model, string folder, string entryAssembly, string? registry, CancellationToken cancellationToken)
    {
        DockerRegistry.Validate(registry);
        return await EngineClient.RunAsync(_endpoint, $"the image of {model}", docker => ModelImage.BuildAsync(docker, cluster, model, folder, entryAssembly, registry, Progress, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The image of a Python model version (<see cref="PythonModelImage"/>), pushed to <paramref name="registry"/> when given.</summary>
    internal async Task<ModelArtifact> BuildPythonModelAsync(string cluster, ModelVersionId model, PythonModelSource source, string? registry, CancellationToken cancellationToken)
    {
        DockerRegistry.Validate(registry);
        return await EngineClient.RunAsync(_endpoint, $"the image of {model}", docker => PythonModelImage.BuildAsync(docker, cluster, model, source, registry, Progress, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The id of an image on the engine; null when the engine lacks it or cannot be reached.</summary>
    internal async Task<string?> TryGetImageIdAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await EngineClient.RunAsync(_endpoint, $"image {image}", async docker => (await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)).ID).ConfigureAwait(false);
        }
        catch (ContainerManagerException)
        {
            return null;
        }
    }
}
