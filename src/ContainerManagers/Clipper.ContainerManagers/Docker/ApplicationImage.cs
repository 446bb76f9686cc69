using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// An image of a framework-dependent .NET application (the <c>clipper</c> command line, or a published
/// model) on top of <see cref="RuntimeImage"/>: the application's folder under <c>/app</c>, run by the
/// image's runtime. The tag's version is a hash of the folder, so an unchanged build is not rebuilt.
/// </summary>
internal static class ApplicationImage
{
    /// <summary>Builds the image of <paramref name="appDirectory"/> unless it exists; returns its tag (<c>REPOSITORY:HASH</c>).</summary>
    /// <param name="docker">The engine.</param>
    /// <param name="repository">The image's repository name, e.g. <c>clipper-net</c>.</param>
    /// <param name="appDirectory">The published application.</param>
    /// <param name="entryAssembly">The file name of its entry assembly, e.g. <c>clipper.dll</c>.</param>
    /// <param name="labels">Labels of the image.</param>
    /// <param name="progress">Reports a build, when one happens.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    public static async Task<string> EnsureAsync(
        IDockerClient docker,
        string repository,
        string appDirectory,
        string entryAssembly,
        IDictionary<string, string> labels,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(appDirectory, entryAssembly)))
        {
            throw new ContainerManagerException($"No {entryAssembly} in {appDirectory}: expected a published .NET application.");
        }

        var runtime = await RuntimeImage.EnsureAsync(docker, progress, cancellationToken).ConfigureAwait(false);
        var tag = $"{repository}:{Hash(appDirectory)}";
        if (await DockerImageBuilder.ExistsAsync(docker, tag, cancellationToken).ConfigureAwait(false))
        {
            return tag;
        }

        progress?.Report($"building image {tag}...");
        var context = new BuildContext()
            .AddDirectory(appDirectory, "app")
            .AddText("Dockerfile", $"""
                FROM {runtime}
                COPY app /app
                WORKDIR /app
                ENTRYPOINT ["{RuntimeImage.DotnetRoot}/dotnet", "/app/{entryAssembly}"]
                """);
        await DockerImageBuilder.BuildAsync(docker, context, tag, labels, cancellationToken).ConfigureAwait(false);
        return tag;
    }

    /// <summary>12 hex digits over every file's path, size and content.</summary>
    private static string Hash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, file)));
            hash.AppendData(Encoding.UTF8.GetBytes(new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture)));
            using var content = File.OpenRead(file);
            var buffer = new byte[81920];
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
