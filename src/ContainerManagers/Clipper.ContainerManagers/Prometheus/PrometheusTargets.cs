namespace Clipper.ContainerManagers.Prometheus;

/// <summary>How Prometheus finds the targets of one scrape job: a fixed list, a file it watches, a DNS name's A records, or an HTTP discovery address.</summary>
internal abstract record PrometheusTargets
{
    private PrometheusTargets()
    {
    }

    /// <summary>Fixed <c>host:port</c> targets.</summary>
    /// <param name="Targets">The targets.</param>
    public sealed record Static(IReadOnlyList<string> Targets) : PrometheusTargets;

    /// <summary>A file_sd file (<see cref="PrometheusTargetsFile"/>) that Prometheus rereads whenever it changes.</summary>
    /// <param name="Path">The file's path as Prometheus sees it.</param>
    public sealed record File(string Path) : PrometheusTargets;

    /// <summary>Every A record of <paramref name="Name"/>, each on <paramref name="Port"/>, asked again every <paramref name="Refresh"/>.</summary>
    /// <param name="Name">A DNS name with one address per target (a Docker network alias, a headless Service).</param>
    /// <param name="Port">The targets' port.</param>
    /// <param name="Refresh">How often the name is resolved again.</param>
    public sealed record Dns(string Name, int Port, TimeSpan Refresh) : PrometheusTargets;

    /// <summary>
    /// Prometheus's HTTP service discovery: the management frontend's <c>GET /prometheus/targets</c>, which lists every live
    /// query frontend from the leases in Redis, polled every <paramref name="Refresh"/>; the address needs no DNS and no
    /// API permission (Debian's Prometheus has no Kubernetes discovery).
    /// </summary>
    /// <param name="Url">The discovery address.</param>
    /// <param name="Refresh">How often it is polled.</param>
    /// <param name="BearerTokenFile">The admin token file sent as <c>Authorization: Bearer</c>, as Prometheus sees it; null for none.</param>
    public sealed record Http(Uri Url, TimeSpan Refresh, string? BearerTokenFile) : PrometheusTargets;
}
