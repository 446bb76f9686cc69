using System.Net.Sockets;
using System.Text;
using Clipper.ContainerManagers.Images;
using Clipper.Integration.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Images built FROM scratch out of this machine's .NET runtime and a published application, run on the real engine.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class ImageTests
{
    [Fact]
    public async Task ApplicationImageEnsureAsync_FromScratch_RunsTheCommandLineAndSkipsAnUnchangedBuild()
    {
        using var docker = DockerEngine.Connect();
        var runtimeExisted = await DockerImageBuilder.ExistsAsync(docker, RuntimeImage.Tag, CancellationToken.None);
        var repository = "clipper-test-" + Guid.NewGuid().ToString("N")[..8];
        string? tag = null;
        string? container = null;
        try
        {
            var labels = new Dictionary<string, string> { ["ai.clipper.test"] = repository };
            tag = await ApplicationImage.EnsureAsync(docker, repository, AppContext.BaseDirectory, "clipper.dll", labels, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(tag, await ApplicationImage.EnsureAsync(docker, repository, AppContext.BaseDirectory, "clipper.dll", labels, null, CancellationToken.None));

            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters { Image = tag, Cmd = ["--help"], Labels = labels });
            container = created.ID;
            await docker.Containers.StartContainerAsync(container, new ContainerStartParameters());
            var exit = await docker.Containers.WaitContainerAsync(container).WaitAsync(TimeSpan.FromSeconds(60));
            using var logs = await docker.Containers.GetContainerLogsAsync(container, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);

            Assert.True(exit.StatusCode == 0, $"exit {exit.StatusCode}: {stdout}{stderr}");
            Assert.Contains("Clipper for .NET", stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (container is not null)
            {
                await docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true });
            }

            if (tag is not null)
            {
                await docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
            }

            if (!runtimeExisted && await DockerImageBuilder.ExistsAsync(docker, RuntimeImage.Tag, CancellationToken.None))
            {
                await docker.Images.DeleteImageAsync(RuntimeImage.Tag, new ImageDeleteParameters { Force = true });
            }
        }
    }

    [Fact]
    public async Task RedisImageEnsureAsync_ThisMachinesRedisServer_BuildsAnImageThatAnswersPing()
    {
        using var docker = DockerEngine.Connect();
        var existed = false;
        string? tag = null;
        string? container = null;
        try
        {
            var images = await docker.Images.ListImagesAsync(new ImagesListParameters());
            tag = await RedisImage.EnsureAsync(docker, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
            existed = images.Any(i => i.RepoTags?.Contains(tag) == true);
            var port = FreePort.Next();
            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = tag,
                Cmd = ["--protected-mode", "no", "--save", ""],
                ExposedPorts = new Dictionary<string, EmptyStruct> { ["6379/tcp"] = default },
                HostConfig = new HostConfig { PortBindings = new Dictionary<string, IList<PortBinding>> { ["6379/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }] } },
            });
            container = created.ID;
            await docker.Containers.StartContainerAsync(container, new ContainerStartParameters());

            string answer = "";
            await Serving.Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        using var client = new TcpClient();
                        await client.ConnectAsync("127.0.0.1", port);
                        await client.GetStream().WriteAsync("PING\r\n"u8.ToArray());
                        var buffer = new byte[16];
                        var read = await client.GetStream().ReadAsync(buffer);
                        answer = Encoding.ASCII.GetString(buffer, 0, read);
                        return answer.StartsWith("+PONG", StringComparison.Ordinal);
                    }
                    catch (Exception ex) when (ex is SocketException or IOException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30),
                () => "last answer: " + answer);
        }
        finally
        {
            if (container is not null)
            {
                await docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true });
            }

            if (tag is not null && !existed)
            {
                await docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
            }
        }
    }
}
