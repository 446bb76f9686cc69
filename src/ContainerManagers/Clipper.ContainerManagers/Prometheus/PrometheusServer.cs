using System.Globalization;

namespace Clipper.ContainerManagers.Prometheus;

/// <summary>The Prometheus program (Debian's <c>prometheus</c> package) and how a cluster runs it.</summary>
internal static class PrometheusServer
{
    /// <summary>Where Debian's package installs it.</summary>
    public const string DebianPath = "/usr/bin/prometheus";

    /// <summary>The port Prometheus answers on by default, and the one a cluster prefers when it is free.</summary>
    public const int DefaultPort = 9090;

    /// <summary>
    /// The management frontend's HTTP service discovery path (<c>GET</c>): every live query frontend as a Prometheus target
    /// group. The management frontend maps the same path.
    /// </summary>
    public const string DiscoveryPath = "/prometheus/targets";

    /// <summary>The path that answers 200 once Prometheus serves queries.</summary>
    public const string ReadyPath = "/-/ready";

    /// <summary>The program: <c>prometheus</c> on PATH, else Debian's path.</summary>
    /// <exception cref="ContainerManagerException">It is not installed; the message says how to install it.</exception>
    public static string FindProgram() =>
        ProgramPath.Find("prometheus") ?? (File.Exists(DebianPath)
            ? DebianPath
            : throw new ContainerManagerException("--prometheus needs the prometheus program, which is not installed (not on PATH, not at /usr/bin/prometheus); install Debian's package with scripts/ensure-prometheus.sh (apt-get install -y --no-install-recommends prometheus)."));

    /// <summary>The arguments after the program: its configuration, its data folder, where it listens, and a short retention (a cluster's Prometheus watches the cluster, it is no archive).</summary>
    /// <param name="configFile">The configuration file.</param>
    /// <param name="dataDirectory">The TSDB folder.</param>
    /// <param name="listen">The listen address, <c>host:port</c>.</param>
    /// <param name="logFormat">The cluster's log format: JSON is Prometheus's <c>--log.format=json</c>, text its own logfmt lines.</param>
    public static IReadOnlyList<string> Arguments(string configFile, string dataDirectory, string listen, LogFormat logFormat) =>
    [
        "--config.file=" + configFile,
        "--storage.tsdb.path=" + dataDirectory,
        "--storage.tsdb.retention.time=7d",
        "--web.listen-address=" + listen,
        "--log.level=warn",
        "--log.format=" + (logFormat == LogFormat.Json ? "json" : "logfmt"),
    ];

    /// <summary>The server's base address on 127.0.0.1.</summary>
    public static Uri OnLoopback(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
}
