using Docker.DotNet;

namespace Clipper.Integration.Tests.Docker;

/// <summary>The real Docker engine on this machine (scripts/ensure-docker.sh starts it). Tests fail, never skip, without it.</summary>
public static class DockerEngine
{
    /// <summary>Docker tests run one at a time: they build and delete shared base images.</summary>
    public const string Collection = "docker engine";

    private const string Socket = "/var/run/docker.sock";

    public static IDockerClient Connect()
    {
        Assert.True(File.Exists(Socket), $"No Docker engine at {Socket}: run scripts/ensure-docker.sh (scripts/test.sh does).");
        return new DockerClientConfiguration(new Uri("unix://" + Socket)).CreateClient();
    }
}
