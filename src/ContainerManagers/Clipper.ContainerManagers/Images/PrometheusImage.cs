using System.Security.Cryptography;
using Clipper.ContainerManagers.Prometheus;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// A Prometheus image <c>FROM scratch</c> out of this machine's <c>prometheus</c> (Debian's package: a Go binary linked
/// against the C library) and the libraries it loads, tagged by a hash of the binary; its data folder is <c>/prometheus</c>.
/// </summary>
internal static class PrometheusImage
{
    /// <summary>The port Prometheus listens on in its container.</summary>
    public const int Port = 9090;

    /// <summary>Where its time series are kept in the container.</summary>
    public const string DataDirectory = "/prometheus";

    /// <summary>Builds the image unless the engine has it; returns its tag.</summary>
    /// <exception cref="ContainerManagerException"><c>prometheus</c> is not installed here.</exception>
    public static async Task<string> EnsureAsync(IDockerClient docker, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var server = PrometheusServer.FindProgram();
        string hash;
        await using (var binary = File.OpenRead(server))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(binary, cancellationToken).ConfigureAwait(false))[..12];
        }

        var tag = "clipper-prometheus:" + hash;
        if (await DockerImageBuilder.ExistsAsync(docker, tag, cancellationToken).ConfigureAwait(false))
        {
            return tag;
        }

        progress?.Report($"building image {tag} from this machine's prometheus...");
        var context = new BuildContext().AddFile(server, "bin/prometheus");
        foreach (var library in await SharedLibraries.ResolveAsync([server], cancellationToken).ConfigureAwait(false))
        {
            context.AddFile(library, library);
        }

        context.AddText(DataDirectory.TrimStart('/') + "/.keep", "");
        context.AddText("Dockerfile", $"""
            FROM scratch
            COPY . /
            WORKDIR {DataDirectory}
            EXPOSE {Port}
            ENTRYPOINT ["/bin/prometheus"]
            """);
        await DockerImageBuilder.BuildAsync(docker, context, tag, new Dictionary<string, string> { [ImageLabels.Kind] = "prometheus" }, cancellationToken).ConfigureAwait(false);
        return tag;
    }
}
