using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Networking;
using Clipper.ContainerManagers.Prometheus;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The cluster's Prometheus (<c>start --prometheus</c>): a supervised <c>prometheus</c> process on 127.0.0.1, its data
/// under the cluster's folder, finding the query frontends in a file_sd file rewritten whenever they change, and the
/// management frontend by its port.
/// </summary>
internal sealed partial class LocalClusterSupervisor
{
    private const string PrometheusId = "prometheus";

    /// <summary>The file_sd file of the query frontends; null when the cluster runs no Prometheus.</summary>
    private string? _prometheusTargets;

    private string PrometheusConfigFile => Path.Combine(_paths.Prometheus, "prometheus.yml");

    /// <summary>Starts Prometheus once the frontends run, and waits until it is ready; returns its address.</summary>
    private async Task<Uri> StartPrometheusAsync(ClusterStartOptions options, int managementPort, HashSet<int> taken, HttpClient http, CancellationToken deadline)
    {
        var program = PrometheusServer.FindProgram();
        lock (_lock)
        {
            foreach (var frontend in _frontends)
            {
                taken.Add(frontend.HttpPort);
                taken.Add(frontend.RpcPort);
            }
        }

        var port = PortPicker.Pick("Prometheus", options.PrometheusPort, PrometheusServer.DefaultPort, taken);

        // A fresh start keeps nothing of an earlier cluster of the same name.
        if (Directory.Exists(_paths.Prometheus))
        {
            Directory.Delete(_paths.Prometheus, recursive: true);
        }

        var data = Path.Combine(_paths.Prometheus, "data");
        Directory.CreateDirectory(data);
        _prometheusTargets = Path.Combine(_paths.Prometheus, "query-frontends.json");
        WritePrometheusTargets();
        new PrometheusConfig(_cluster, options.PrometheusScrapeInterval, [
            new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.File(_prometheusTargets)),
            new PrometheusJob(PrometheusJob.ManagementJob, new PrometheusTargets.Static(["127.0.0.1:" + Invariant(managementPort)]), File.Exists(_paths.AdminTokenFile) ? _paths.AdminTokenFile : null),
        ])
        {
            Https = _tlsArguments.Length > 0,
            TlsCaFile = _tlsCaPath,
            Header = $"Prometheus of local Clipper cluster '{_cluster}', written at its start; the query frontends are in {_prometheusTargets}.",
        }.Write(PrometheusConfigFile);

        var address = PrometheusServer.OnLoopback(port);
        var part = StartPart(PrometheusId, [program, .. PrometheusServer.Arguments(PrometheusConfigFile, data, "127.0.0.1:" + Invariant(port), _logFormat)]);
        await WaitUntilAnswersAsync(part, ct => HealthProbes.HttpAnswersAsync(http, new Uri(address, PrometheusServer.ReadyPath), ct), deadline).ConfigureAwait(false);
        return address;
    }

    /// <summary>Rewrites the query frontends' targets file from the frontends that run; nothing when the cluster runs no Prometheus.</summary>
    private void WritePrometheusTargets()
    {
        if (_prometheusTargets is null)
        {
            return;
        }

        var targets = new List<string>();
        var names = new List<string>();
        lock (_lock)
        {
            foreach (var frontend in _frontends)
            {
                targets.Add("127.0.0.1:" + Invariant(frontend.HttpPort));
                names.Add(frontend.FrontendId);
            }
        }

        PrometheusTargetsFile.Write(_prometheusTargets, targets, names);
    }

    /// <summary>Stops Prometheus (first of the parts, so that it records no frontend going away as a failure) and removes its folder.</summary>
    private async Task StopPrometheusAsync(TimeSpan grace)
    {
        SupervisedProcess? part;
        lock (_lock)
        {
            _parts.Remove(PrometheusId, out part);
        }

        if (part is null)
        {
            return;
        }

        await part.StopAsync(grace).ConfigureAwait(false);
        try
        {
            Directory.Delete(_paths.Prometheus, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
