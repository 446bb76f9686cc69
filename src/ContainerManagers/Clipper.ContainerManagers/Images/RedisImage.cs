using System.Security.Cryptography;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// A Redis image <c>FROM scratch</c> out of this machine's <c>redis-server</c> and the libraries it loads
/// (about 18 MB), tagged by a hash of the binary. Debian's <c>redis-server</c> is a symbolic link whose
/// name selects server mode, so the binary is copied under that name, not under its target's.
/// </summary>
internal static class RedisImage
{
    /// <summary>The port Redis listens on in its container.</summary>
    public const int Port = 6379;

    /// <summary>Builds the image unless the engine has it; returns its tag.</summary>
    /// <exception cref="ContainerManagerException"><c>redis-server</c> is not installed here.</exception>
    public static async Task<string> EnsureAsync(IDockerClient docker, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var server = ProgramPath.Find("redis-server")
            ?? throw new ContainerManagerException("Building the Redis image needs redis-server on this machine: apt-get install -y --no-install-recommends redis-server.");
        string hash;
        await using (var binary = File.OpenRead(server))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(binary, cancellationToken).ConfigureAwait(false))[..12];
        }

        var tag = "clipper-redis:" + hash;
        if (await DockerImageBuilder.ExistsAsync(docker, tag, cancellationToken).ConfigureAwait(false))
        {
            return tag;
        }

        progress?.Report($"building image {tag} from this machine's redis-server...");
        var context = new BuildContext().AddFile(server, "bin/redis-server");
        foreach (var library in await SharedLibraries.ResolveAsync([server], cancellationToken).ConfigureAwait(false))
        {
            context.AddFile(library, library);
        }

        context.AddText("data/.keep", "");
        context.AddText("Dockerfile", $"""
            FROM scratch
            COPY . /
            WORKDIR /data
            EXPOSE {Port}
            ENTRYPOINT ["/bin/redis-server"]
            """);
        await DockerImageBuilder.BuildAsync(docker, context, tag, new Dictionary<string, string> { [ImageLabels.Kind] = "redis" }, cancellationToken).ConfigureAwait(false);
        return tag;
    }
}
