using System.Diagnostics;
using Clipper.ContainerManagers.Images;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Docker;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// The real single-node Kubernetes of scripts/k8s-local.sh, brought up for the Kubernetes tests and down after
/// them, with the command line's and Redis's images imported into its container runtime. Tests fail, never
/// skip, when it cannot start. Clients run inside its network namespace (<see cref="ExecAsync"/>).
/// </summary>
public sealed class LocalKubernetes : IAsyncLifetime
{
    public const string Collection = "local kubernetes";

    private static readonly string s_script = Path.Combine(ModelBuildTests.RepositoryRoot(), "scripts", "k8s-local.sh");
    private readonly List<string> _builtImages = [];
    private readonly SemaphoreSlim _prometheusLock = new(1, 1);
    private bool _startedHere;
    private string? _prometheusImage;

    /// <summary>The image of the command line, present on the node.</summary>
    public string ClipperImage { get; private set; } = "";

    /// <summary>The image of Redis, present on the node.</summary>
    public string RedisImage { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var up = await RunAsync(TimeSpan.FromMinutes(4), s_script, "up");
        Assert.True(up.ExitCode == 0, $"scripts/k8s-local.sh up failed (scripts/test.sh builds the cluster first with scripts/k8s-local.sh build): {up.Output}");

        // A cluster someone else brought up is theirs to bring down.
        _startedHere = !up.Output.Contains("already up", StringComparison.Ordinal);

        // Nothing can be pulled: the images are built on the Docker engine and imported into the node's runtime.
        using var docker = DockerEngine.Connect();
        var before = (await docker.Images.ListImagesAsync(new global::Docker.DotNet.Models.ImagesListParameters())).SelectMany(i => i.RepoTags ?? []).ToHashSet();
        (ClipperImage, RedisImage) = await new ImageBuilder().BuildClusterImagesAsync();
        _builtImages.AddRange(new[] { ClipperImage, RedisImage, RuntimeImage.Tag }.Where(t => !before.Contains(t)));
        foreach (var image in new[] { ClipperImage, RedisImage })
        {
            await ImportAsync(docker, image);
        }
    }

    /// <summary>The Prometheus image (built from this machine's prometheus), imported into the node on first use.</summary>
    public async Task<string> PrometheusImageAsync()
    {
        await _prometheusLock.WaitAsync();
        try
        {
            if (_prometheusImage is null)
            {
                using var docker = DockerEngine.Connect();
                var before = (await docker.Images.ListImagesAsync(new global::Docker.DotNet.Models.ImagesListParameters())).SelectMany(i => i.RepoTags ?? []).ToHashSet();
                var image = await new ImageBuilder().BuildPrometheusImageAsync().WaitAsync(TimeSpan.FromMinutes(3));
                if (!before.Contains(image))
                {
                    _builtImages.Add(image);
                }

                await ImportAsync(docker, image);
                _prometheusImage = image;
            }

            return _prometheusImage;
        }
        finally
        {
            _prometheusLock.Release();
        }
    }

    /// <summary>Saves an image of the Docker engine and imports it into the node's container runtime.</summary>
    public static async Task ImportAsync(global::Docker.DotNet.IDockerClient docker, string image)
    {
        var tar = Path.Combine(Path.GetTempPath(), $"clipper-image-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var saved = await docker.Images.SaveImageAsync(image))
            await using (var file = File.Create(tar))
            {
                await saved.CopyToAsync(file);
            }

            var imported = await RunAsync(TimeSpan.FromMinutes(2), s_script, "import", tar);
            Assert.True(imported.ExitCode == 0, $"importing {image} failed: {imported.Output}");
        }
        finally
        {
            File.Delete(tar);
        }
    }

    /// <summary>Runs a program inside the cluster's network namespace (the command line, kubectl...), with CLIPPER_HOME set to <paramref name="stateRoot"/>.</summary>
    public static Task<(int ExitCode, string Output)> ExecAsync(string stateRoot, params string[] args) =>
        RunAsync(TimeSpan.FromMinutes(3), s_script, ["exec", .. args], stateRoot);

    /// <summary>Runs the <c>clipper</c> command line of this build inside the cluster's network namespace.</summary>
    public static Task<(int ExitCode, string Output)> ClipperAsync(string stateRoot, params string[] args) =>
        ExecAsync(stateRoot, ["dotnet", Path.Combine(AppContext.BaseDirectory, "clipper.dll"), .. args]);

    /// <summary>
    /// Runs the command line inside the cluster's network and asserts it succeeded; returns its standard output, the
    /// results (progress lines go to standard error).
    /// </summary>
    public static async Task<string> OkAsync(string stateRoot, string[] args)
    {
        var (exitCode, output, stdout) = await RunWithStdoutAsync(TimeSpan.FromMinutes(3), s_script, ["exec", "dotnet", Path.Combine(AppContext.BaseDirectory, "clipper.dll"), .. args], stateRoot);
        Assert.True(exitCode == 0, $"clipper {string.Join(' ', args)} exited with {exitCode}: {output}");
        return stdout;
    }

    /// <summary>Runs a program (kubectl...) inside the cluster's network and asserts it succeeded; returns what it printed.</summary>
    public static async Task<string> OkExecAsync(string stateRoot, string[] args)
    {
        var (exitCode, output) = await ExecAsync(stateRoot, args);
        Assert.True(exitCode == 0, $"{string.Join(' ', args)} exited with {exitCode}: {output}");
        return output;
    }

    public async Task DisposeAsync()
    {
        var down = _startedHere ? await RunAsync(TimeSpan.FromMinutes(2), s_script, "down") : (ExitCode: 0, Output: "");
        using var docker = DockerEngine.Connect();
        foreach (var image in _builtImages)
        {
            try
            {
                await docker.Images.DeleteImageAsync(image, new global::Docker.DotNet.Models.ImageDeleteParameters { Force = true });
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
                // Removed by another fixture, or still used by a container of another test.
            }
        }

        _prometheusLock.Dispose();
        Assert.True(down.ExitCode == 0, $"scripts/k8s-local.sh down failed: {down.Output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string program, IEnumerable<string> args, string? stateRoot = null)
    {
        var (exitCode, output, _) = await RunWithStdoutAsync(timeout, program, args, stateRoot);
        return (exitCode, output);
    }

    /// <summary>Runs a program; returns its exit code, everything it printed (standard output, then error) and its standard output alone.</summary>
    private static async Task<(int ExitCode, string Output, string Stdout)> RunWithStdoutAsync(TimeSpan timeout, string program, IEnumerable<string> args, string? stateRoot = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (stateRoot is not null)
        {
            info.Environment["CLIPPER_HOME"] = stateRoot;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, (await stdout) + (await stderr), await stdout);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string program, params string[] args) => RunAsync(timeout, program, (IEnumerable<string>)args);
}
