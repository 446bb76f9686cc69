namespace Clipper.Integration.Tests.Admin;

/// <summary><c>clipper start</c>'s Prometheus flags: a bad combination is refused with one line naming the flag, before anything starts.</summary>
public sealed class CliPrometheusFlagTests
{
    [Theory]
    [InlineData(new[] { "--prometheus-port", "9091" }, "--prometheus-port was given without --prometheus; it sets the cluster's Prometheus server, which only --prometheus starts.")]
    [InlineData(new[] { "--prometheus-scrape-interval", "5" }, "--prometheus-scrape-interval was given without --prometheus; it sets the cluster's Prometheus server, which only --prometheus starts.")]
    [InlineData(new[] { "--prometheus", "--prometheus-port", "70000" }, "--prometheus-port must be a TCP port from 1 to 65535, or 0 to have one chosen; got 70000.")]
    [InlineData(new[] { "--prometheus", "--prometheus-port", "-1" }, "--prometheus-port must be a TCP port from 1 to 65535, or 0 to have one chosen; got -1.")]
    [InlineData(new[] { "--prometheus", "--prometheus-scrape-interval", "0" }, "--prometheus-scrape-interval must be a whole number of seconds from 1 to 300; got 0.")]
    [InlineData(new[] { "--prometheus", "--prometheus-scrape-interval", "301" }, "--prometheus-scrape-interval must be a whole number of seconds from 1 to 300; got 301.")]
    [InlineData(new[] { "--prometheus", "--prometheus-port", "9091", "--manager", "kubernetes" }, "--prometheus-port applies to --manager local and docker; on Kubernetes, Prometheus answers on port 9090 of the ClusterIP Service NAME-prometheus")]
    [InlineData(new[] { "--prometheus", "--manager", "kubernetes", "--clipper-image", "clipper-net:1" }, "A Kubernetes cluster started with --prometheus needs PrometheusImage (--prometheus-image): build it from this machine's prometheus with `clipper images --prometheus`")]
    public async Task Start_BadPrometheusFlags_IsRefusedNamingTheFlag(string[] flags, string expected)
    {
        await using var scope = new LocalClusterScope();

        await CliRunner.FailsAsync(scope.StateRoot, ["start", "--cluster", scope.Name, .. flags], expected);

        Assert.Empty(scope.RecordedProcesses());
    }
}
