using System.Globalization;

namespace Clipper.ContainerManagers;

/// <content>A Prometheus server run as part of the cluster: off unless asked for.</content>
public sealed partial record ClusterStartOptions
{
    /// <summary>The shortest scrape interval accepted: Prometheus itself refuses less than a millisecond, and anything below a second only loads the frontends.</summary>
    public static readonly TimeSpan MinPrometheusScrapeInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest scrape interval accepted (Prometheus marks series stale after five minutes without a sample).</summary>
    public static readonly TimeSpan MaxPrometheusScrapeInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Run a Prometheus server (Debian's <c>prometheus</c>) as part of the cluster, scraping <c>GET /metrics</c> of every
    /// query frontend (those added later by scaling too) and of the management frontend. Default <see langword="false"/>.
    /// </summary>
    public bool Prometheus { get; init; }

    /// <summary>The port Prometheus answers on, on 127.0.0.1 (local and Docker); 0: 9090 when free, else any free port. Only with <see cref="Prometheus"/>.</summary>
    public int PrometheusPort { get; init; }

    /// <summary>How often Prometheus scrapes each frontend (default 15 s, Prometheus's own; 1 s to 5 min).</summary>
    public TimeSpan PrometheusScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    private void ValidatePrometheus()
    {
        if (PrometheusPort is < 0 or > 65535)
        {
            throw new ContainerManagerException(string.Create(CultureInfo.InvariantCulture, $"{nameof(PrometheusPort)} (--prometheus-port) is {PrometheusPort}; expected a TCP port from 1 to 65535, or 0 to have one chosen."));
        }

        if (!Prometheus && PrometheusPort != 0)
        {
            throw new ContainerManagerException(string.Create(CultureInfo.InvariantCulture, $"{nameof(PrometheusPort)} (--prometheus-port) is {PrometheusPort} but {nameof(Prometheus)} (--prometheus) is off; the port is Prometheus's: ask for the server too, or leave the port out."));
        }

        if (PrometheusScrapeInterval < MinPrometheusScrapeInterval || PrometheusScrapeInterval > MaxPrometheusScrapeInterval || PrometheusScrapeInterval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ContainerManagerException(string.Create(CultureInfo.InvariantCulture, $"{nameof(PrometheusScrapeInterval)} (--prometheus-scrape-interval) is {PrometheusScrapeInterval.TotalSeconds} s; expected a whole number of seconds from {MinPrometheusScrapeInterval.TotalSeconds} to {MaxPrometheusScrapeInterval.TotalSeconds}."));
        }
    }
}
