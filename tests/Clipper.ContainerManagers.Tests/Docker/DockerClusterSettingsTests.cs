using Clipper.ContainerManagers.Docker;

namespace Clipper.ContainerManagers.Tests.Docker;

/// <summary>The log format in the settings label of a Docker cluster's management container: given at start, kept for every later process.</summary>
public sealed class DockerClusterSettingsTests
{
    [Fact]
    public void FromLabel_SettingsOfAJsonCluster_KeepTheLogFormat()
    {
        var settings = DockerClusterSettings.From(new DockerClusterOptions { ClusterName = "c" }, new ClusterStartOptions { LogFormat = LogFormat.Json });

        var label = settings.ToLabel();

        Assert.Contains("\"LogFormat\":\"Json\"", label, StringComparison.Ordinal);
        Assert.Equal(LogFormat.Json, DockerClusterSettings.FromLabel(label).LogFormat);
    }

    [Fact]
    public void FromLabel_LabelOfAClusterStartedBeforeLogFormats_IsText()
    {
        var settings = DockerClusterSettings.FromLabel("{\"Registry\":null,\"Cpus\":null,\"MemoryBytes\":null,\"Environment\":{},\"RedisPersistence\":false}");

        Assert.Equal(LogFormat.Text, settings.LogFormat);
        Assert.Empty(settings.FrontendLogArguments);
    }

    [Fact]
    public void OverriddenBy_LaterProcessOptions_KeepTheClusterLogFormat()
    {
        var recorded = DockerClusterSettings.From(new DockerClusterOptions { ClusterName = "c" }, new ClusterStartOptions { LogFormat = LogFormat.Json });

        var settings = recorded.OverriddenBy(new DockerClusterOptions { ClusterName = "c", Cpus = 2 });

        Assert.Equal((LogFormat.Json, 2.0), (settings.LogFormat, settings.Cpus));
        Assert.Equal(["--log-format", "json"], settings.FrontendLogArguments);
    }
}
