using System.Globalization;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Images;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Python images built FROM scratch out of this machine's Debian Python and packages, run on the real engine.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class PythonImageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clipper-python-image-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task EnsureAsync_ProgramUsingDebianPackages_RunsFromScratchIsHealthyOnceReadyAndSkipsAnUnchangedBuild()
    {
        using var docker = DockerEngine.Connect();
        File.WriteAllText(Path.Combine(_folder, "app.py"), """
            import os, sys, time
            import msgpack, numpy
            print("packed", msgpack.unpackb(msgpack.packb([1, 2, 3])), "sum", int(numpy.arange(5).sum()), "cwd", os.getcwd(), "x", os.environ["X"], flush=True)
            open(os.environ["CLIPPER_READY_FILE"], "w").close()
            time.sleep(int(sys.argv[1]))
            """);
        var repository = "clipper-test-python-" + Guid.NewGuid().ToString("N")[..8];
        var spec = new PythonAppSpec(repository + ":1", ["python3-msgpack", "python3-numpy"], [new(_folder, "/app")], [PythonImage.Interpreter, "/app/app.py"])
        {
            Environment = new Dictionary<string, string> { ["X"] = "a value with spaces" },
            Labels = new Dictionary<string, string> { ["ai.clipper.test"] = repository },
            WorkingDirectory = "/app",
            Model = true,
        };
        string? container = null;
        try
        {
            var tag = await PythonImage.EnsureAsync(docker, spec, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));
            var built = (await docker.Images.InspectImageAsync(tag)).ID;
            Assert.Equal(tag, await PythonImage.EnsureAsync(docker, spec, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5)));
            Assert.Equal(built, (await docker.Images.InspectImageAsync(tag)).ID);

            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters { Image = tag, Cmd = ["30"], Labels = spec.Labels.ToDictionary() });
            container = created.ID;
            await docker.Containers.StartContainerAsync(container, new ContainerStartParameters());
            var health = await WaitForHealthAsync(docker, container);
            using var logs = await docker.Containers.GetContainerLogsAsync(container, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);

            Assert.True(health.StartsWith("healthy", StringComparison.Ordinal), $"health {health}: {stdout}{stderr}");
            Assert.Contains("packed [1, 2, 3] sum 10 cwd /app x a value with spaces", stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (container is not null)
            {
                await docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true });
            }

            try
            {
                await docker.Images.DeleteImageAsync(spec.Tag, new ImageDeleteParameters { Force = true });
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
                // Not built.
            }
        }
    }

    [Fact]
    public async Task EnsureAsync_PackageNotInstalled_FailsNamingTheInstallCommand()
    {
        using var docker = DockerEngine.Connect();
        var spec = new PythonAppSpec("clipper-test-python-missing:1", ["python3-no-such-package"], [new(_folder, "/app")], [PythonImage.Interpreter]);

        var error = await Assert.ThrowsAsync<ContainerManagerException>(() => PythonImage.EnsureAsync(docker, spec, null, CancellationToken.None));

        Assert.Contains("apt-get install -y python3-no-such-package", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForHealthAsync(global::Docker.DotNet.IDockerClient docker, string container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = (await docker.Containers.InspectContainerAsync(container, timeout.Token)).State;
            var status = state.Health?.Status ?? "none";
            if (status is "healthy" or "unhealthy" || !state.Running)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{status} (running {state.Running}, exit {state.ExitCode})");
            }

            await Task.Delay(250, timeout.Token);
        }
    }
}
