using System.CommandLine;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper start</c>: starts a cluster and prints where it answers.</summary>
internal static class StartCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var redis = new Option<string?>("--redis") { Description = "Use this Redis (HOST:PORT or redis://[:PASSWORD@]HOST[:PORT]) instead of starting one, which would get a password made at start." };
        var redisPassword = new Option<string?>("--redis-password")
        {
            Description = $"The password of the Redis given with --redis (shown in the process list while `start` runs: prefer --redis-password-file or {RedisFlags.PasswordVariable}).",
        };
        var redisPasswordFile = new Option<string?>("--redis-password-file") { Description = "A file (mode 600) holding the password of the Redis given with --redis." };
        var queryPort = new Option<int>("--query-port") { Description = "HTTP port for predictions (0: 1337 when free, else any free port)." };
        var managementPort = new Option<int>("--management-port") { Description = "Port of the management API (0: 1338 when free, else any)." };
        var rpcPort = new Option<int>("--rpc-port") { Description = "Port model replicas connect to (0: 7000 when free, else any)." };
        var grpcPort = new Option<int?>("--grpc-port")
        {
            Description = "Serve the Open Inference Protocol's gRPC service (HTTP/2) on the query frontends: local and docker: the first on this port of 127.0.0.1 (0: 8001 when free, else any), the others on free ports; kubernetes: 0 only, port 8001 (`grpc`) of the query Service. Default: off.",
        };
        var timeout = new Option<int>("--start-timeout") { Description = "Seconds to wait for every part to answer before the start fails (and what it started is removed).", DefaultValueFactory = _ => 120 };
        var frontends = new Option<int>("--frontends")
        {
            Description = $"How many query frontends to run ({QueryFrontendCount.Min} to {QueryFrontendCount.Max}); model replicas connect to every one. Local: all share --query-port; "
                + "Docker: a container each; Kubernetes: the query Deployment's replicas. `clipper scale-frontends N` changes it later.",
            DefaultValueFactory = _ => 1,
        };
        var insecureAdmin = new Option<bool>("--insecure-admin")
        {
            Description = "Serve the management API to any caller without the cluster's admin token, as Clipper did. Only on a network you trust; `clipper status` shows it.",
        };
        var tlsCertificate = new Option<string?>("--tls-cert")
        {
            Description = "A PEM file holding the frontends' TLS certificate, with --tls-key: the query and management APIs serve HTTPS and replicas connect over TLS. Local and Docker: it must name IP:127.0.0.1; Kubernetes: DNS:NAME-query-rpc.NAMESPACE.svc and the Services' address.",
        };
        var tlsKey = new Option<string?>("--tls-key") { Description = "A PEM file holding the certificate's unencrypted private key (mode 600)." };
        var prometheus = new Option<bool>("--prometheus")
        {
            Description = "Run a Prometheus server (Debian's prometheus) as part of the cluster, scraping GET /metrics of every query frontend (those added by scale-frontends too) and of the management frontend. "
                + "Local and Docker: on 127.0.0.1. Kubernetes: the ClusterIP Service NAME-prometheus (needs --prometheus-image). `clipper status` shows its address.",
        };
        var prometheusPort = new Option<int>("--prometheus-port") { Description = "With --prometheus: its port on 127.0.0.1 (0: 9090 when free, else any free port). Local and Docker." };
        var prometheusInterval = new Option<int>("--prometheus-scrape-interval") { Description = "With --prometheus: seconds between two scrapes of each frontend (1 to 300).", DefaultValueFactory = _ => 15 };
        var docker = new DockerStartOptions();
        var command = cluster.AddTo(new Command("start", "Start a cluster: Redis (unless --redis), the management frontend and the query frontends.") { redis, redisPassword, redisPasswordFile, queryPort, managementPort, rpcPort, grpcPort, timeout, frontends, insecureAdmin, tlsCertificate, tlsKey, prometheus, prometheusPort, prometheusInterval });
        docker.AddTo(command);
        var kubernetes = new KubernetesStartOptions();
        kubernetes.AddTo(command);
        var logFormat = new LogFormatFlag(
            $"How every process of the cluster writes its logs: text (the default) or json (one JSON object per line): the frontends, model replicas (deployed now or later: the cluster records it), "
            + $"the local supervisor and Prometheus. Default: the variable {LogFormatFlag.Variable}, else text.");
        logFormat.AddTo(command);
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var format = logFormat.Resolve(result);
            var redisEndpoint = ExternalRedis(result.GetValue(redis), result.GetValue(redisPassword), result.GetValue(redisPasswordFile));
            if (result.GetValue(frontends) is < QueryFrontendCount.Min or > QueryFrontendCount.Max)
            {
                throw new ArgumentException(QueryFrontendCount.Describe(result.GetValue(frontends), "--frontends"));
            }

            var manager = result.GetValue(cluster.Manager)!;
            if (manager == "kubernetes" && (result.GetValue(queryPort) != 0 || result.GetValue(managementPort) != 0 || result.GetValue(rpcPort) != 0))
            {
                throw new ArgumentException("--query-port, --management-port and --rpc-port do not apply to --manager kubernetes: its Services choose node ports (see --service-type).");
            }

            var prometheusSettings = PrometheusSettings(result.GetValue(prometheus), result.GetValue(prometheusPort), result.GetValue(prometheusInterval), result.GetResult(prometheusInterval) is { Implicit: false }, manager);
            var dockerOptions = docker.Read(result, manager);
            var kubernetesOptions = kubernetes.Read(result, manager) is { } read
                ? read with { Cpus = result.GetValue(docker.Cpus), MemoryBytes = result.GetValue(docker.Memory) is { } memory ? DockerStartOptions.ParseBytes(memory) : null }
                : null;
            using var connection = new ClipperConnection(cluster.CreateManager(result, dockerOptions, kubernetesOptions), cluster.ConnectionOptions(result));
            var addresses = await connection.StartClipperAsync(
                new ClusterStartOptions
                {
                    RedisAddress = redisEndpoint?.Address,
                    RedisPassword = redisEndpoint?.Password,
                    QueryPort = result.GetValue(queryPort),
                    ManagementPort = result.GetValue(managementPort),
                    RpcPort = result.GetValue(rpcPort),
                    GrpcPort = result.GetValue(grpcPort),
                    Frontends = result.GetValue(frontends),
                    InsecureAdmin = result.GetValue(insecureAdmin),
                    TlsCertificatePath = result.GetValue(tlsCertificate),
                    TlsKeyPath = result.GetValue(tlsKey),
                    TlsCaPath = result.GetValue(cluster.TlsCa),
                    Prometheus = prometheusSettings.On,
                    PrometheusPort = prometheusSettings.Port,
                    PrometheusScrapeInterval = prometheusSettings.Interval,
                    LogFormat = format,
                    StartTimeout = result.GetValue(timeout) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException($"--start-timeout must be a positive number of seconds; got {result.GetValue(timeout)}."),
                },
                cancellation).ConfigureAwait(false);
            ClusterPrinter.Addresses(result.GetValue(cluster.Cluster)!, addresses);
            return 0;
        }));
        return command;
    }

    /// <summary>The Prometheus flags, checked together: the port and the interval are the server's, so they need --prometheus.</summary>
    private static (bool On, int Port, TimeSpan Interval) PrometheusSettings(bool on, int port, int intervalSeconds, bool intervalGiven, string manager)
    {
        if (!on && (port != 0 || intervalGiven))
        {
            throw new ArgumentException((port != 0 ? "--prometheus-port" : "--prometheus-scrape-interval") + " was given without --prometheus; it sets the cluster's Prometheus server, which only --prometheus starts.");
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentException($"--prometheus-port must be a TCP port from 1 to 65535, or 0 to have one chosen; got {port}.");
        }

        if (manager == "kubernetes" && port != 0)
        {
            throw new ArgumentException("--prometheus-port applies to --manager local and docker; on Kubernetes, Prometheus answers on port 9090 of the ClusterIP Service NAME-prometheus, inside the cluster (`kubectl port-forward svc/NAME-prometheus 9090` brings it here).");
        }

        if (intervalSeconds is < 1 or > 300)
        {
            throw new ArgumentException($"--prometheus-scrape-interval must be a whole number of seconds from 1 to 300; got {intervalSeconds}.");
        }

        return (on, port, TimeSpan.FromSeconds(intervalSeconds));
    }

    /// <summary>The Redis given with --redis and its password (URL, flag, file or variable), or null to have the manager run one.</summary>
    private static Clipper.Configuration.Redis.RedisEndpoint? ExternalRedis(string? address, string? password, string? passwordFile)
    {
        if (address is null)
        {
            return password is null && passwordFile is null
                ? null
                : throw new ArgumentException("--redis-password and --redis-password-file are for a Redis given with --redis; the Redis a cluster runs itself gets a password made at start.");
        }

        if (password is not null && passwordFile is not null)
        {
            throw new ArgumentException("--redis-password and --redis-password-file both give a password; give one of them.");
        }

        var endpoint = password is null
            ? RedisFlags.Resolve(address, passwordFile, "--redis", "--redis-password-file")
            : RedisFlags.Resolve(address, null, "--redis", "--redis-password-file", readVariable: false);
        if (endpoint.User is not null)
        {
            throw new ArgumentException("--redis: a cluster's frontends log in to Redis as its default user; give redis://:PASSWORD@HOST:PORT, without a user name.");
        }

        if (password is not null)
        {
            return endpoint.Password is not null
                ? throw new ArgumentException("--redis carries a password and --redis-password gives another; give one of them.")
                : password.Length == 0 ? throw new ArgumentException("--redis-password is empty; give the password the Redis requires.") : endpoint with { Password = password };
        }

        return endpoint;
    }
}
