namespace Clipper.ContainerManagers.Prometheus;

/// <summary>One scrape job of the cluster's Prometheus: a kind of frontend and how its targets are found.</summary>
/// <param name="Name">The job's name, which becomes the series' <c>job</c> label (<c>clipper-query</c>, <c>clipper-management</c>).</param>
/// <param name="Targets">How the targets are found.</param>
/// <param name="BearerTokenFile">A file holding the token sent as <c>Authorization: Bearer</c> (the management frontend's admin token), as Prometheus sees it; null for none.</param>
internal sealed record PrometheusJob(string Name, PrometheusTargets Targets, string? BearerTokenFile = null)
{
    /// <summary>The job of the query frontends.</summary>
    public const string QueryJob = "clipper-query";

    /// <summary>The job of the management frontend.</summary>
    public const string ManagementJob = "clipper-management";
}
