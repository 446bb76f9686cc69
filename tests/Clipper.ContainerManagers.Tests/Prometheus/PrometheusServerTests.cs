using Clipper.ContainerManagers.Prometheus;

namespace Clipper.ContainerManagers.Tests.Prometheus;

/// <summary>A cluster's Prometheus logs in the cluster's format: JSON when asked, its own logfmt lines otherwise.</summary>
public sealed class PrometheusServerTests
{
    [Theory]
    [InlineData(LogFormat.Json, "--log.format=json")]
    [InlineData(LogFormat.Text, "--log.format=logfmt")]
    public void Arguments_ClusterLogFormat_SetsPrometheusLogFormat(LogFormat format, string expected)
    {
        var arguments = PrometheusServer.Arguments("/etc/p.yml", "/data", "127.0.0.1:9090", format);

        Assert.Contains(expected, arguments);
        Assert.Single(arguments, a => a.StartsWith("--log.format=", StringComparison.Ordinal));
    }
}
