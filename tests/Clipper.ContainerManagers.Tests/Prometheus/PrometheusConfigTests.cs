using Clipper.ContainerManagers.Prometheus;

namespace Clipper.ContainerManagers.Tests.Prometheus;

/// <summary>The configuration a cluster's Prometheus runs with: one job per kind of frontend, targets found as each manager finds them.</summary>
public sealed class PrometheusConfigTests
{
    [Fact]
    public void Render_FileAndStaticTargets_WritesBothJobsWithTheIntervalAndTheClusterLabel()
    {
        var config = new PrometheusConfig("c1", TimeSpan.FromSeconds(1), [
            new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.File("/state/query.json")),
            new PrometheusJob(PrometheusJob.ManagementJob, new PrometheusTargets.Static(["127.0.0.1:1338"]), "/state/admin-token"),
        ]);

        Assert.Equal(
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
              external_labels:
                cluster: "c1"
            scrape_configs:
            - job_name: "clipper-query"
              metrics_path: /metrics
              scheme: http
              file_sd_configs:
              - files:
                - "/state/query.json"
            - job_name: "clipper-management"
              metrics_path: /metrics
              scheme: http
              authorization:
                type: Bearer
                credentials_file: "/state/admin-token"
              static_configs:
              - targets:
                - "127.0.0.1:1338"

            """.ReplaceLineEndings("\n"),
            config.Render().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Render_DnsTargetsOverTls_ScrapesHttpsWithTheCaAndTheCertificatesName()
    {
        var config = new PrometheusConfig("c1", TimeSpan.FromSeconds(15), [new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Dns("c1-query-frontends", 1337, TimeSpan.FromSeconds(5)))])
        {
            Https = true,
            TlsCaFile = "/run/clipper/tls-ca.pem",
            TlsServerName = "127.0.0.1",
        };

        var text = config.Render().ReplaceLineEndings("\n");

        Assert.Contains("  scheme: https\n  tls_config:\n    ca_file: \"/run/clipper/tls-ca.pem\"\n    server_name: \"127.0.0.1\"\n", text, StringComparison.Ordinal);
        Assert.Contains("  dns_sd_configs:\n  - names:\n    - \"c1-query-frontends\"\n    type: A\n    port: 1337\n    refresh_interval: 5s\n", text, StringComparison.Ordinal);
        Assert.Contains("  scrape_interval: 15s\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HttpDiscoveryOverTls_PollsTheManagementFrontendWithTheTokenAndTheCa()
    {
        var config = new PrometheusConfig("c1", TimeSpan.FromSeconds(2), [
            new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Http(new Uri("https://10.96.0.7:1338/prometheus/targets"), TimeSpan.FromSeconds(2), "/run/clipper/admin/token")),
        ])
        {
            Https = true,
            TlsCaFile = "/run/clipper/tls/ca.crt",
            TlsServerName = "c1-query-rpc.default.svc",
        };

        var text = config.Render().ReplaceLineEndings("\n");

        Assert.Contains(
            "  http_sd_configs:\n  - url: \"https://10.96.0.7:1338/prometheus/targets\"\n    refresh_interval: 2s\n"
            + "    authorization:\n      type: Bearer\n      credentials_file: \"/run/clipper/admin/token\"\n"
            + "    tls_config:\n      ca_file: \"/run/clipper/tls/ca.crt\"\n      server_name: \"c1-query-rpc.default.svc\"\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("  scheme: https\n  tls_config:\n    ca_file: \"/run/clipper/tls/ca.crt\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HttpDiscoveryWithoutTokenOrTls_HasNeitherBlock()
    {
        var config = new PrometheusConfig("c1", TimeSpan.FromSeconds(5), [
            new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Http(new Uri("http://10.96.0.7:1338/prometheus/targets"), TimeSpan.FromSeconds(5), null)),
        ]);

        var text = config.Render();

        Assert.Contains("http_sd_configs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("authorization", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tls_config", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HttpsWithTheMachinesCaStore_HasNoTlsConfig()
    {
        var config = new PrometheusConfig("c1", TimeSpan.FromSeconds(5), [new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Static(["127.0.0.1:1"]))]) { Https = true };

        var text = config.Render();

        Assert.Contains("scheme: https", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tls_config", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_QuotesAndBackslashes_AreEscapedSoAPathIsNeverReadAsYaml()
    {
        Assert.Equal("\"/a \\\"b\\\"\\\\c: d\"", PrometheusConfig.Quote("/a \"b\"\\c: d"));
    }

    [Fact]
    public void Write_ExistingFile_IsReplacedWholeWithNoTemporaryLeft()
    {
        var folder = Directory.CreateTempSubdirectory("clipper-prometheus-config-").FullName;
        try
        {
            var path = Path.Combine(folder, "prometheus.yml");
            File.WriteAllText(path, "old");

            new PrometheusConfig("c1", TimeSpan.FromSeconds(1), [new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Static(["127.0.0.1:1"]))]).Write(path);

            Assert.StartsWith("global:", File.ReadAllText(path), StringComparison.Ordinal);
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
