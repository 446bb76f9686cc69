using System.Globalization;
using System.Text;
using Clipper.ContainerManagers.Prometheus;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The metrics configuration of a Docker cluster, <c>STATE_ROOT/docker/NAME/prometheus.yml</c>, a Prometheus configuration
/// whose path is Clipper's <see cref="DockerLabels.MetricConfig"/> label. A cluster started with <c>--prometheus</c> runs
/// its Prometheus container from it (copied in at start: the frontends by their addresses on the cluster's network);
/// otherwise it names the <c>GET /metrics</c> endpoint of every query frontend on its published host port, for a
/// Prometheus on this machine (the shape Clipper wrote, which its tools read and extend).
/// </summary>
internal static class MetricsConfigFile
{
    private const string FileName = "prometheus.yml";

    /// <summary>Where the configuration of <paramref name="cluster"/> is written under <paramref name="stateRoot"/>.</summary>
    public static string PathOf(string stateRoot, string cluster) => Path.Combine(Path.GetFullPath(stateRoot), "docker", cluster, FileName);

    /// <summary>Writes the configuration naming the frontends on <paramref name="queryPorts"/> (host ports on 127.0.0.1), for a Prometheus on this machine.</summary>
    public static void Write(string path, string cluster, IReadOnlyList<int> queryPorts)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# The metrics of Clipper cluster '{cluster}' (Docker): GET /metrics on each query frontend's published port,")
            .AppendLine("# in Prometheus's text format (Clipper's JSON to a request that accepts application/json only): a Prometheus")
            .AppendLine("# on this machine scrapes them with this file as it is. `clipper start --prometheus` runs one in the cluster instead.")
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

        AtomicFile.Write(path, text.ToString());
    }

    /// <summary>Writes the configuration of the cluster's own Prometheus container (<c>--prometheus</c>); it does not change when frontends are added.</summary>
    public static void Write(string path, PrometheusConfig config) => config.Write(path);

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
