using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// An image of a framework-dependent .NET application (the <c>clipper</c> command line, or a published
/// model) on top of <see cref="RuntimeImage"/>: the application's folder under <c>/app</c>, run by the
/// image's runtime, and the readiness probe under <c>/clipper</c>. The content's hash is the tag's version
/// (or, for a fixed tag, a label), so an unchanged build is not rebuilt.
/// </summary>
internal static class ApplicationImage
{
    /// <summary>The file model containers keep while connected (their <c>CLIPPER_READY_FILE</c>); Clipper used <c>/model_is_ready.check</c>.</summary>
    public const string ReadyFile = "/tmp/model_is_ready.check";

    private const string ProbeFolder = "/clipper";

    /// <summary>The health check of a model container: healthy while it is connected to its query frontend.</summary>
    public static HealthConfig ModelHealthCheck => new()
    {
        Test = ["CMD", RuntimeImage.DotnetRoot + "/dotnet", $"{ProbeFolder}/{ProbeFile}", ReadyFile],
        Interval = TimeSpan.FromSeconds(5),
        Timeout = TimeSpan.FromSeconds(10),
        StartPeriod = (long)TimeSpan.FromMinutes(2).TotalNanoseconds,
        Retries = 3,
    };

    private static string ProbeAssembly => typeof(ReadinessProbe.ReadinessProbe).Assembly.Location;

    private static string ProbeFile => Path.GetFileName(ProbeAssembly);

    /// <summary>Builds the image of <paramref name="appDirectory"/> unless an identical one exists; returns its tag.</summary>
    /// <param name="docker">The engine.</param>
    /// <param name="repository">The image's repository name, e.g. <c>clipper-net</c>; the tag is <c>REPOSITORY:HASH</c>.</param>
    /// <param name="appDirectory">The published application.</param>
    /// <param name="entryAssembly">The file name of its entry assembly, e.g. <c>clipper.dll</c>.</param>
    /// <param name="labels">Labels of the image.</param>
    /// <param name="progress">Reports a build, when one happens.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <param name="tag">A fixed tag instead (a model version's image); rebuilt when its content differs.</param>
    /// <param name="model">True for a model: the image's health check and <c>CLIPPER_READY_FILE</c> are set.</param>
    public static async Task<string> EnsureAsync(
        IDockerClient docker,
        string repository,
        string appDirectory,
        string entryAssembly,
        IDictionary<string, string> labels,
        IProgress<string>? progress,
        CancellationToken cancellationToken,
        string? tag = null,
        bool model = false)
    {
        if (!File.Exists(Path.Combine(appDirectory, entryAssembly)))
        {
            throw new ContainerManagerException($"No {entryAssembly} in {appDirectory}: expected a published .NET application.");
        }

        var runtime = await RuntimeImage.EnsureAsync(docker, progress, cancellationToken).ConfigureAwait(false);
        var dockerfile = $"""
            FROM {runtime}
            COPY app /app
            COPY probe {ProbeFolder}
            WORKDIR /app
            {(model ? $"ENV {Clipper.ModelRpc.Serving.ClipperEnvironment.ReadyFile}={ReadyFile}" : "")}
            {(model ? HealthCheckInstruction() : "")}
            ENTRYPOINT ["{RuntimeImage.DotnetRoot}/dotnet", "/app/{entryAssembly}"]
            """;
        var hash = new ContentHash().Add(dockerfile).AddFile(ProbeAssembly).AddDirectory(appDirectory).ToString();
        tag ??= $"{repository}:{hash}";
        if (await ContentHash.OfImageAsync(docker, tag, cancellationToken).ConfigureAwait(false) == hash)
        {
            return tag;
        }

        progress?.Report($"building image {tag}...");
        var context = new BuildContext()
            .AddDirectory(appDirectory, "app")
            .AddFile(ProbeAssembly, "probe/" + ProbeFile)
            .AddText("probe/" + Path.ChangeExtension(ProbeFile, ".runtimeconfig.json"), ProbeRuntimeConfig())
            .AddText("Dockerfile", dockerfile);
        var allLabels = new Dictionary<string, string>(labels) { [ContentHash.Label] = hash };
        await DockerImageBuilder.BuildAsync(docker, context, tag, allLabels, cancellationToken).ConfigureAwait(false);
        return tag;
    }

    /// <summary>The Dockerfile's <c>HEALTHCHECK</c>, from <see cref="ModelHealthCheck"/>.</summary>
    private static string HealthCheckInstruction()
    {
        var check = ModelHealthCheck;
        var command = new StringBuilder("[");
        for (var i = 1; i < check.Test.Count; i++)
        {
            command.Append(i > 1 ? ", \"" : "\"").Append(check.Test[i]).Append('"');
        }

        command.Append(']');
        return string.Create(
            CultureInfo.InvariantCulture,
            $"HEALTHCHECK --interval={check.Interval.TotalSeconds}s --timeout={check.Timeout.TotalSeconds}s --start-period={TimeSpan.FromTicks(check.StartPeriod / 100).TotalSeconds}s --retries={check.Retries} CMD {command}");
    }

    // The probe is referenced as a library, so its build does not come with a runtime configuration.
    private static string ProbeRuntimeConfig()
    {
        var version = $"{Environment.Version.Major}.{Environment.Version.Minor}";
        return "{\"runtimeOptions\": {\"tfm\": \"net" + version + "\", \"framework\": {\"name\": \"Microsoft.NETCore.App\", \"version\": \""
            + version + ".0\"}, \"configProperties\": {\"System.Globalization.Invariant\": true}}}";
    }
}
