using System.Globalization;
using System.Text;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The metrics configuration of a Docker cluster, <c>STATE_ROOT/docker/NAME/prometheus.yml</c>: a Prometheus scrape
/// configuration (the shape Clipper wrote for its Prometheus container, and its tools read and extend) naming the
/// <c>GET /metrics</c> endpoint of every query frontend on its published host port. Its path is the
/// <see cref="DockerLabels.MetricConfig"/> label.
/// </summary>
internal static class MetricsConfigFile
{
    private const string FileName = "prometheus.yml";

    /// <summary>Where the configuration of <paramref name="cluster"/> is written under <paramref name="stateRoot"/>.</summary>
    public static string PathOf(string stateRoot, string cluster) => Path.Combine(Path.GetFullPath(stateRoot), "docker", cluster, FileName);

    /// <summary>Writes the configuration naming the frontends on <paramref name="queryPorts"/> (host ports on 127.0.0.1).</summary>
    public static void Write(string path, string cluster, IReadOnlyList<int> queryPorts)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# The metrics of Clipper cluster '{cluster}' (Docker): GET /metrics on each query frontend's published port.")
            .AppendLine("# They answer Clipper's JSON metrics (counters, meters, histograms), not Prometheus's text format:")
            .AppendLine("# a Prometheus server needs an exporter in front of them.")
            .AppendLine("global:")
            .AppendLine("  scrape_interval: 5s")
            .AppendLine("  evaluation_interval: 5s")
            .AppendLine("scrape_configs:")
            .AppendLine("- job_name: query")
            .AppendLine("  metrics_path: /metrics")
            .AppendLine("  static_configs:")
            .AppendLine("  - targets:");
        foreach (var port in queryPorts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    - 127.0.0.1:{port}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Removes the configuration at <paramref name="path"/> (a label's value, possibly written by another process
    /// with another state root) and its folder when that is left empty; a path that is not a configuration of
    /// <paramref name="cluster"/> is left alone.
    /// </summary>
    public static void Delete(string path, string cluster)
    {
        var folder = Path.GetDirectoryName(path);
        if (Path.GetFileName(path) != FileName || folder is null || Path.GetFileName(folder) != cluster || Path.GetFileName(Path.GetDirectoryName(folder)) != "docker")
        {
            return;
        }

        File.Delete(path);
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }
}
