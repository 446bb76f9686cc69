using System.Globalization;
using System.Text;

namespace Clipper.ContainerManagers.Prometheus;

/// <summary>
/// The configuration file (<c>prometheus.yml</c>) of the Prometheus a cluster runs: one scrape job per kind of
/// frontend on <c>GET /metrics</c>, every series labelled with the cluster's name.
/// </summary>
/// <param name="Cluster">The cluster's name, the <c>cluster</c> label of every series.</param>
/// <param name="ScrapeInterval">How often each target is scraped (whole seconds).</param>
/// <param name="Jobs">The scrape jobs.</param>
internal sealed record PrometheusConfig(string Cluster, TimeSpan ScrapeInterval, IReadOnlyList<PrometheusJob> Jobs)
{
    /// <summary>Whether the frontends serve HTTPS (then the targets are scraped over HTTPS).</summary>
    public bool Https { get; init; }

    /// <summary>The CA file (as Prometheus sees it) the frontends' certificate chains to; null for the system's CA store. Only with <see cref="Https"/>.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>
    /// The host name the frontends' certificate is checked for, when the address Prometheus scrapes is not a name the
    /// certificate carries (Docker's container addresses); null to check the target's own host.
    /// </summary>
    public string? TlsServerName { get; init; }

    /// <summary>A comment line at the top saying what wrote the file.</summary>
    public string Header { get; init; } = "";

    /// <summary>The YAML text Prometheus reads.</summary>
    public string Render()
    {
        var interval = Seconds(ScrapeInterval);
        var text = new StringBuilder();
        if (Header.Length > 0)
        {
            text.Append("# ").AppendLine(Header);
        }

        text.AppendLine("global:")
            .AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {interval}")
            .AppendLine(CultureInfo.InvariantCulture, $"  scrape_timeout: {interval}")
            .AppendLine(CultureInfo.InvariantCulture, $"  evaluation_interval: {interval}")
            .AppendLine("  external_labels:")
            .AppendLine(CultureInfo.InvariantCulture, $"    cluster: {Quote(Cluster)}")
            .AppendLine("scrape_configs:");
        foreach (var job in Jobs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- job_name: {Quote(job.Name)}")
                .AppendLine("  metrics_path: /metrics")
                .AppendLine(CultureInfo.InvariantCulture, $"  scheme: {(Https ? "https" : "http")}");
            if (Https)
            {
                AppendTls(text, "  ");
            }

            if (job.BearerTokenFile is not null)
            {
                text.AppendLine("  authorization:")
                    .AppendLine("    type: Bearer")
                    .AppendLine(CultureInfo.InvariantCulture, $"    credentials_file: {Quote(job.BearerTokenFile)}");
            }

            AppendTargets(text, job.Targets);
        }

        return text.ToString();
    }

    /// <summary>The <c>tls_config</c> block (CA file and server name), at <paramref name="indent"/>; nothing when neither is set.</summary>
    private void AppendTls(StringBuilder text, string indent)
    {
        if (TlsCaFile is null && TlsServerName is null)
        {
            return;
        }

        text.Append(indent).AppendLine("tls_config:");
        if (TlsCaFile is not null)
        {
            text.Append(indent).AppendLine(CultureInfo.InvariantCulture, $"  ca_file: {Quote(TlsCaFile)}");
        }

        if (TlsServerName is not null)
        {
            text.Append(indent).AppendLine(CultureInfo.InvariantCulture, $"  server_name: {Quote(TlsServerName)}");
        }
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> (replaced whole, so Prometheus never reads half a file).</summary>
    public void Write(string path) => AtomicFile.Write(path, Render());

    private void AppendTargets(StringBuilder text, PrometheusTargets targets)
    {
        switch (targets)
        {
            case PrometheusTargets.Static fixedTargets:
                text.AppendLine("  static_configs:").AppendLine("  - targets:");
                foreach (var target in fixedTargets.Targets)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    - {Quote(target)}");
                }

                break;
            case PrometheusTargets.File file:
                text.AppendLine("  file_sd_configs:")
                    .AppendLine("  - files:")
                    .AppendLine(CultureInfo.InvariantCulture, $"    - {Quote(file.Path)}");
                break;
            case PrometheusTargets.Dns dns:
                text.AppendLine("  dns_sd_configs:")
                    .AppendLine("  - names:")
                    .AppendLine(CultureInfo.InvariantCulture, $"    - {Quote(dns.Name)}")
                    .AppendLine("    type: A")
                    .AppendLine(CultureInfo.InvariantCulture, $"    port: {dns.Port}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    refresh_interval: {Seconds(dns.Refresh)}");
                break;
            case PrometheusTargets.Http http:
                text.AppendLine("  http_sd_configs:")
                    .AppendLine(CultureInfo.InvariantCulture, $"  - url: {Quote(http.Url.AbsoluteUri)}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    refresh_interval: {Seconds(http.Refresh)}");
                if (http.BearerTokenFile is not null)
                {
                    text.AppendLine("    authorization:")
                        .AppendLine("      type: Bearer")
                        .AppendLine(CultureInfo.InvariantCulture, $"      credentials_file: {Quote(http.BearerTokenFile)}");
                }

                if (http.Url.Scheme == Uri.UriSchemeHttps)
                {
                    AppendTls(text, "    ");
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(targets), targets, "Expected static, file, DNS or HTTP targets.");
        }
    }

    private static string Seconds(TimeSpan interval) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (long)interval.TotalSeconds)}s");

    /// <summary>A YAML double-quoted scalar: names and paths come from the operator, so nothing in them is read as YAML.</summary>
    internal static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
