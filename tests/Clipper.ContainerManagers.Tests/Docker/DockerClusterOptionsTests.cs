using Clipper.ContainerManagers.Docker;

namespace Clipper.ContainerManagers.Tests.Docker;

/// <summary>Invalid Docker settings are refused before anything is started, with the setting, its value and what is expected.</summary>
public sealed class DockerClusterOptionsTests
{
    [Theory]
    [InlineData("Bad_Name", null, null, "Invalid cluster name 'Bad_Name'")]
    [InlineData("ok", 0.001, null, "Cpus is 0.001; expected 0.01 to 1024 CPUs")]
    [InlineData("ok", null, "myregistry", "Registry 'myregistry' is invalid")]
    [InlineData("ok", null, "https://registry.example.org", "Registry 'https://registry.example.org' is invalid")]
    public void Constructor_InvalidSetting_IsRefused(string cluster, double? cpus, string? registry, string expected)
    {
        var options = new DockerClusterOptions { ClusterName = cluster, Cpus = cpus, Registry = registry };

        var refused = Assert.Throws<ContainerManagerException>(() => new DockerContainerManager(options));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadEnvironmentNameOrTooLittleMemory_IsRefused()
    {
        Assert.Contains("Environment variable name 'A-B' is invalid", Assert.Throws<ContainerManagerException>(() =>
            new DockerContainerManager(new DockerClusterOptions { ContainerEnvironment = new Dictionary<string, string> { ["A-B"] = "1" } })).Message, StringComparison.Ordinal);
        Assert.Contains("CLIPPER_IP is the manager's to set", Assert.Throws<ContainerManagerException>(() =>
            new DockerContainerManager(new DockerClusterOptions { ContainerEnvironment = new Dictionary<string, string> { ["CLIPPER_IP"] = "elsewhere" } })).Message, StringComparison.Ordinal);
        Assert.Contains("at least 6 MiB", Assert.Throws<ContainerManagerException>(() =>
            new DockerContainerManager(new DockerClusterOptions { MemoryBytes = 1024 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_RemoteEngineEndpoint_IsRefused()
    {
        var manager = new DockerContainerManager(new DockerClusterOptions { DockerEndpoint = new Uri("tcp://10.0.0.1:2375") });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.ConnectAsync());

        Assert.Contains("'tcp://10.0.0.1:2375' is not a local socket", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NoEngineAtTheSocket_NamesItWithWhatToDo()
    {
        var manager = new DockerContainerManager(new DockerClusterOptions { DockerEndpoint = new Uri("unix:///tmp/no-such-docker.sock") });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.ConnectAsync());

        Assert.Contains("Cannot reach the Docker engine at unix:///tmp/no-such-docker.sock", refused.Message, StringComparison.Ordinal);
    }
}
