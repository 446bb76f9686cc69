using System.CommandLine;
using Clipper.Cli.Telemetry;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Hosting;
using Clipper.QueryFrontend.Tracing;

namespace Clipper.Cli.Commands;

/// <summary><c>clipper query-frontend</c>: serves predictions over HTTP and model containers over RPC.</summary>
internal static class QueryFrontendCommand
{
    private static readonly Dictionary<string, string> s_flags = new(StringComparer.Ordinal)
    {
        [nameof(QueryFrontendOptions.MaxInputsPerRequest)] = "--max-inputs",
        [nameof(QueryFrontendOptions.MaxInputBytes)] = "--max-input-bytes",
        [nameof(QueryFrontendOptions.ClipperContainerNetworks)] = "--clipper-networks",
        [nameof(QueryFrontendOptions.TlsCertificatePath)] = "--tls-cert",
        [nameof(QueryFrontendOptions.TlsKeyPath)] = "--tls-key",
        [nameof(QueryFrontendOptions.OipLatencyObjective)] = "--oip-latency-slo-ms",
        [nameof(QueryFrontendOptions.GrpcPort)] = "--grpc-port",
    };

    public static Command Create()
    {
        var defaults = new QueryFrontendOptions();
        var redis = RedisFlags.ForFrontend();
        var httpPort = new Option<int>("--http-port") { Description = "HTTP port for predictions.", DefaultValueFactory = _ => 1337 };
        var rpcPort = new Option<int>("--rpc-port") { Description = "TCP port model containers connect to.", DefaultValueFactory = _ => 7000 };
        var grpcPort = new Option<int?>("--grpc-port")
        {
            Description = "Port of the Open Inference Protocol's gRPC service (inference.GRPCInferenceService), HTTP/2 only: h2 over TLS with --tls-cert, else h2c. Default: off.",
        };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
        var queueCapacity = new Option<int>("--queue-capacity") { Description = "Queries one model version may hold waiting; past it requests get 503.", DefaultValueFactory = _ => 10_000 };
        var fillWait = new Option<int>("--batch-fill-wait-us") { Description = "Microseconds a replica waits for a batch to fill under light load (0: send at once).", DefaultValueFactory = _ => 0 };
        var frontendId = new Option<string?>("--frontend-id") { Description = "This frontend's id among the frontends sharing one Redis (default: host name and RPC port)." };
        var advertiseHost = new Option<string?>("--advertise-host") { Description = "The host model containers reach this frontend's RPC port at (default: the bind address, or 127.0.0.1 when binding every address)." };
        var advertiseHttp = new Option<string?>("--advertise-http") { Description = "The HTTP base address recorded for this frontend, e.g. http://10.0.0.5:1337 (default: the advertised host and HTTP port)." };
        var sharedHttpPort = new Option<int>("--shared-http-port") { Description = "A second HTTP port shared with the other frontends on this machine (SO_REUSEPORT); 0 for none.", DefaultValueFactory = _ => 0 };
        var maxFrontends = new Option<int>("--max-frontends-per-replica") { Description = "The most frontends each model container connects to (0: all).", DefaultValueFactory = _ => 0 };
        var leaseMs = new Option<int>("--frontend-lease-ms") { Description = "How long this frontend's announcement in Redis lives unless renewed (renewed every third of it).", DefaultValueFactory = _ => 3000 };
        var shutdownDelayMs = new Option<int>("--shutdown-delay-ms") { Description = "On SIGTERM, keep serving this long while GET /readyz and GET /ready answer 503 (so a load balancer stops sending new connections), then drain (0: at once).", DefaultValueFactory = _ => 0 };
        var joinTokenFile = new Option<string?>("--join-token-file")
        {
            Description = "A file (mode 600) holding the cluster's join token, which model containers must send (CLIPPER_JOIN_TOKEN). Default: the variable CLIPPER_JOIN_TOKEN; with neither, containers are accepted from loopback only.",
        };
        var clipperNetworks = new Option<string[]>("--clipper-networks")
        {
            Description = "Where Clipper's own containers (ZeroMQ, which carry no join token) may connect from besides loopback: CIDR networks, addresses, 'attached' (this host's own networks) or 'any'; repeat or separate with commas. Default: loopback only.",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxInputs = new Option<int>("--max-inputs") { Description = "Most inputs one input_batch may hold; more get 400.", DefaultValueFactory = _ => defaults.MaxInputsPerRequest };
        var maxInputBytes = new Option<int>("--max-input-bytes") { Description = "Largest one input may be in wire form (8 bytes per double, 4 per float or integer, decoded bytes, UTF-8); larger ones get 400.", DefaultValueFactory = _ => defaults.MaxInputBytes };
        var oipSlo = new Option<int>("--oip-latency-slo-ms")
        {
            Description = "Latency objective of an inference request (POST /v2/models/{m}/infer) to a model linked to no application; a row it misses is an error (such a model has no default output). Linked models take their applications' largest objective.",
            DefaultValueFactory = _ => (int)defaults.OipLatencyObjective.TotalMilliseconds,
        };
        var limits = HttpLimitFlags.ForQueryFrontend();
        var logFormat = new LogFormatFlag();
        var tls = new TlsFlags("HTTPS on the HTTP ports, and TLS for our protocol on the RPC port, where plain containers are then accepted from loopback only (Clipper's ZeroMQ containers stay plain)");
        var command = new Command("query-frontend", "Run a query frontend: POST /{app}/predict and the Open Inference Protocol (/v2/...) on the HTTP port, model containers on the RPC port.")
        {
            httpPort, rpcPort, grpcPort, bind, maxInputs, maxInputBytes, queueCapacity, fillWait, frontendId, advertiseHost, advertiseHttp, sharedHttpPort, maxFrontends, leaseMs, shutdownDelayMs, joinTokenFile, clipperNetworks, oipSlo,
        };
        redis.AddTo(command);
        limits.AddTo(command);
        tls.AddTo(command);
        logFormat.AddTo(command);
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var format = logFormat.Resolve(result);
            var endpoint = redis.Resolve(result);
            var options = new QueryFrontendOptions
            {
                RedisAddress = endpoint.Address,
                RedisUser = endpoint.User,
                RedisPassword = endpoint.Password,
                HttpPort = result.GetValue(httpPort),
                RpcPort = result.GetValue(rpcPort),
                GrpcPort = result.GetValue(grpcPort),
                BindAddress = result.GetValue(bind)!,
                JoinToken = TokenSource.Read(result.GetValue(joinTokenFile), TokenSource.JoinTokenVariable),
                ClipperContainerNetworks = SplitList(result.GetValue(clipperNetworks)),
                MaxInputsPerRequest = result.GetValue(maxInputs),
                MaxInputBytes = result.GetValue(maxInputBytes),
                AdvertisedHost = result.GetValue(advertiseHost) ?? "",
                AdvertisedHttpAddress = result.GetValue(advertiseHttp) ?? "",
                SharedHttpPort = result.GetValue(sharedHttpPort),
                MaxFrontendsPerReplica = result.GetValue(maxFrontends),
                FrontendLease = TimeSpan.FromMilliseconds(result.GetValue(leaseMs)),
                ShutdownDelay = TimeSpan.FromMilliseconds(result.GetValue(shutdownDelayMs)),
                TlsCertificatePath = tls.Certificate(result),
                TlsKeyPath = tls.Key(result),
                OipLatencyObjective = TimeSpan.FromMilliseconds(result.GetValue(oipSlo)),
            };
            options.Batching.QueueCapacity = result.GetValue(queueCapacity);
            options.Batching.FillWait = TimeSpan.FromMicroseconds(result.GetValue(fillWait));
            if (result.GetValue(frontendId) is { Length: > 0 } id)
            {
                options.FrontendId = id;
            }

            limits.ApplyTo(result, options);
            HttpLimitFlags.Validate(options.Validate, s_flags);
            using var tracing = OtelTracing.Start("clipper-query-frontend", aspNetCore: true, QueryFrontendTracing.ActivitySourceName);
            await using var server = QueryFrontendServer.Create(options, LogFormatFlag.ReplacingText(format));
            await server.StartAsync(cancellation).ConfigureAwait(false);
            await server.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static List<string> SplitList(string[]? values) =>
        values is null ? [] : [.. values.SelectMany(static value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
