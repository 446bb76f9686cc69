using Clipper.ContainerManagers.Docker;

namespace Clipper.ContainerManagers.Tests.Docker;

/// <summary>The metrics configuration a Docker cluster's <c>ai.clipper.metric.config</c> label names.</summary>
public sealed class MetricsConfigFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("clipper-metrics-config-").FullName;

    [Fact]
    public void Write_AtPathOf_LivesInTheStateFolderAndNamesEveryFrontendsMetricsEndpoint()
    {
        var path = MetricsConfigFile.PathOf(_root, "c1");

        MetricsConfigFile.Write(path, "c1", [1337, 40001]);

        Assert.Equal(Path.Combine(_root, "docker", "c1", "prometheus.yml"), path);
        var text = File.ReadAllText(path);
        Assert.Contains("scrape_configs:\n- job_name: query\n  metrics_path: /metrics\n  static_configs:\n  - targets:\n    - 127.0.0.1:1337\n    - 127.0.0.1:40001\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_ClusterOrOtherPath_RemovesOnlyTheClustersFileAndEmptyFolder()
    {
        var path = MetricsConfigFile.PathOf(_root, "c1");
        MetricsConfigFile.Write(path, "c1", [1337]);
        var elsewhere = Path.Combine(_root, "prometheus.yml");
        File.WriteAllText(elsewhere, "not a cluster's");

        MetricsConfigFile.Delete(elsewhere, "c1");
        MetricsConfigFile.Delete(path, "other-cluster");
        Assert.True(File.Exists(elsewhere));
        Assert.True(File.Exists(path));

        MetricsConfigFile.Delete(path, "c1");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
