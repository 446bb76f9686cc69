using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The image of a model version that runs the <c>clipper</c> command line in a data folder
/// (<see cref="ModelArtifact.OfClipperWithData"/>, e.g. <c>onnx-model --model model.onnx</c>):
/// <c>[REGISTRY/]CLUSTER-NAME:VERSION</c>, <c>FROM</c> the command line's image, adding the shared libraries its native
/// libraries load (ONNX Runtime's, found with <c>ldd</c>) and the folder at <see cref="ModelArtifact.ImageDataDirectory"/>,
/// where the replica starts; with <c>CLIPPER_READY_FILE</c> and the readiness health check of every model image.
/// </summary>
internal static class ClipperDataImage
{
    /// <summary>Builds the image unless an identical one has its tag, and pushes it when <paramref name="registry"/> is given.</summary>
    /// <param name="docker">The engine.</param>
    /// <param name="clipperImage">The command line's image (<see cref="ClipperImage"/>), the base.</param>
    /// <param name="clipperDirectory">The published command line the base was built from: its native libraries are read here.</param>
    /// <param name="cluster">The cluster's name, the start of the repository's name.</param>
    /// <param name="model">The version: the repository's name ends with its name, the tag is its version.</param>
    /// <param name="dataDirectory">The folder of the model's files.</param>
    /// <param name="arguments">The command line's arguments, naming files relative to the folder.</param>
    /// <param name="registry">The registry to push to; null to keep the image on the engine.</param>
    /// <param name="progress">Reports the build and the push.</param>
    /// <param name="cancellationToken">Cancels them.</param>
    /// <returns>The image, with its readiness probe.</returns>
    public static async Task<ModelArtifact> BuildAsync(
        IDockerClient docker,
        string clipperImage,
        string clipperDirectory,
        string cluster,
        ModelVersionId model,
        string dataDirectory,
        IReadOnlyList<string> arguments,
        string? registry,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new ContainerManagerException($"The data folder {dataDirectory} of {model} does not exist; expected the folder of the model's files.");
        }

        var repository = (registry is null ? "" : registry + "/") + $"{cluster}-{model.Name}";
        var tag = $"{repository}:{model.Version}";
        var libraries = await SharedLibraries.ResolveAsync(NativeLibraries(clipperDirectory), cancellationToken).ConfigureAwait(false);
        var entry = string.Join(", ", new[] { RuntimeImage.DotnetRoot + "/dotnet", "/app/clipper.dll" }.Concat(arguments).Select(a => "\"" + a.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        var dockerfile = $"""
            FROM {clipperImage}
            COPY libs /
            COPY data {ModelArtifact.ImageDataDirectory}
            WORKDIR {ModelArtifact.ImageDataDirectory}
            ENV {ClipperEnvironment.ReadyFile}={ApplicationImage.ReadyFile}
            {ApplicationImage.HealthCheckInstruction()}
            ENTRYPOINT [{entry}]
            """;
        var hash = Hash(dockerfile, dataDirectory, libraries);
        if (await ContentHash.OfImageAsync(docker, tag, cancellationToken).ConfigureAwait(false) != hash)
        {
            progress?.Report($"building image {tag}...");
            var context = new BuildContext().AddDirectory(dataDirectory, "data").AddText("Dockerfile", dockerfile);

            // An empty libs/ still has to exist for COPY: a marker file keeps it.
            context.AddText("libs/tmp/.keep", "");
            foreach (var library in libraries)
            {
                context.AddFile(library, "libs" + library);
            }

            var labels = new Dictionary<string, string>
            {
                [ImageLabels.Kind] = "model",
                [ClipperLabels.Cluster] = cluster,
                [ClipperLabels.ModelContainer] = model.ToLabel(),
                [ContentHash.Label] = hash,
            };
            await DockerImageBuilder.BuildAsync(docker, context, tag, labels, cancellationToken).ConfigureAwait(false);
        }

        if (registry is not null)
        {
            await DockerRegistry.PushAsync(docker, tag, progress, cancellationToken).ConfigureAwait(false);
        }

        return new ModelArtifact([], Image: tag) { HasReadinessProbe = true };
    }

    /// <summary>The native libraries the command line carries for this machine (<c>runtimes/linux-ARCH/native</c>), e.g. ONNX Runtime's.</summary>
    private static IEnumerable<string> NativeLibraries(string clipperDirectory)
    {
        var native = Path.Combine(clipperDirectory, "runtimes", "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(), "native");
        return Directory.Exists(native) ? Directory.EnumerateFiles(native, "*.so*") : [];
    }

    /// <summary>The content hash over the Dockerfile (which names the base image by its content hash), the libraries' paths and sizes, and the data files.</summary>
    private static string Hash(string dockerfile, string dataDirectory, IEnumerable<string> libraries)
    {
        var hash = new ContentHash().Add(dockerfile);
        foreach (var library in libraries)
        {
            hash.Add(library).Add(new FileInfo(library).Length.ToString(CultureInfo.InvariantCulture));
        }

        return hash.AddDirectory(dataDirectory).ToString();
    }
}
