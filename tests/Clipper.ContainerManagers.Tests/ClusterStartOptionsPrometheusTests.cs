using Clipper.ContainerManagers.Kubernetes;

namespace Clipper.ContainerManagers.Tests;

/// <summary>The Prometheus settings of a start: refused before anything starts, naming the setting, the value and what is expected.</summary>
public sealed class ClusterStartOptionsPrometheusTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_PrometheusPortOutOfRange_IsRefusedNamingTheValueAndTheRange(int port)
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { Prometheus = true, PrometheusPort = port }.Validate());

        Assert.Equal($"PrometheusPort (--prometheus-port) is {port}; expected a TCP port from 1 to 65535, or 0 to have one chosen.", refused.Message);
    }

    [Fact]
    public void Validate_PrometheusPortWithoutPrometheus_IsRefusedSayingWhichFlagIsMissing()
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { PrometheusPort = 9091 }.Validate());

        Assert.Equal("PrometheusPort (--prometheus-port) is 9091 but Prometheus (--prometheus) is off; the port is Prometheus's: ask for the server too, or leave the port out.", refused.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(301_000)]
    [InlineData(1_500)]
    public void Validate_ScrapeIntervalNotWholeSecondsFrom1To300_IsRefused(int milliseconds)
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { Prometheus = true, PrometheusScrapeInterval = TimeSpan.FromMilliseconds(milliseconds) }.Validate());

        Assert.Equal(FormattableString.Invariant($"PrometheusScrapeInterval (--prometheus-scrape-interval) is {milliseconds / 1000.0} s; expected a whole number of seconds from 1 to 300."), refused.Message);
    }

    [Fact]
    public void Validate_PrometheusWithPortAndInterval_IsAccepted()
    {
        new ClusterStartOptions { Prometheus = true, PrometheusPort = 9091, PrometheusScrapeInterval = TimeSpan.FromSeconds(1) }.Validate();
    }

    [Fact]
    public async Task StartClusterAsync_PrometheusOnKubernetesWithoutImage_IsRefusedBeforeContactingAnything()
    {
        var manager = new KubernetesContainerManager(new KubernetesClusterOptions { KubeConfigPath = Path.Combine(Path.GetTempPath(), "clipper-nowhere-" + Guid.NewGuid().ToString("N")) });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { Prometheus = true }));

        Assert.StartsWith("A Kubernetes cluster started with --prometheus needs PrometheusImage (--prometheus-image): build it from this machine's prometheus with `clipper images --prometheus`", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartClusterAsync_PrometheusPortOnKubernetes_IsRefusedNamingTheService()
    {
        var manager = new KubernetesContainerManager(new KubernetesClusterOptions { PrometheusImage = "clipper-prometheus:1", KubeConfigPath = Path.Combine(Path.GetTempPath(), "clipper-nowhere-" + Guid.NewGuid().ToString("N")) });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { Prometheus = true, PrometheusPort = 9091 }));

        Assert.StartsWith("PrometheusPort (--prometheus-port) applies to --manager local and docker: on Kubernetes, Prometheus answers on port 9090 of the ClusterIP Service NAME-prometheus", refused.Message, StringComparison.Ordinal);
    }
}
