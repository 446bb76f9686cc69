using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;

namespace Clipper.QueryFrontend;

/// <summary>Settings of a query frontend. Defaults are Clipper's ports and conservative limits.</summary>
public sealed partial class QueryFrontendOptions
{
    /// <summary>The Redis server holding the configuration, as <c>host:port</c>. Required.</summary>
    public string RedisAddress { get; set; } = "";

    /// <summary>The password the Redis requires, or none. Never logged.</summary>
    public string? RedisPassword { get; set; }

    /// <summary>The Redis ACL user to log in as with <see cref="RedisPassword"/>, or none (Redis's default user).</summary>
    public string? RedisUser { get; set; }

    /// <summary>The address both listeners bind to. Default <c>0.0.0.0</c>.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The HTTP port for predictions. Default 1337; 0 picks a free port.</summary>
    public int HttpPort { get; set; } = 1337;

    /// <summary>The TCP port model containers connect to. Default 7000; 0 picks a free port.</summary>
    public int RpcPort { get; set; } = 7000;

    /// <summary>
    /// The cluster's join token: containers of our protocol must send it in their Hello. Without one, containers are
    /// accepted from loopback only. Default none.
    /// </summary>
    public ClusterToken? JoinToken { get; set; }

    /// <summary>
    /// Where Clipper's own containers (Clipper's container RPC over ZeroMQ, which carries no join token) may connect
    /// from, beside loopback, which is always allowed: CIDR networks (<c>10.0.0.0/8</c>), single addresses,
    /// <c>attached</c> (the networks of this frontend's own interfaces, read at start: the cluster's network when the
    /// frontend runs on a Docker network or in a pod) or <c>any</c>. Default empty: loopback only. Containers of our
    /// protocol are checked by <see cref="JoinToken"/> instead.
    /// </summary>
    public IList<string> ClipperContainerNetworks { get; set; } = [];

    /// <summary>
    /// The name this frontend records beside the replicas connected to it; unique among frontends
    /// sharing one Redis. Empty (the default) means the host name and RPC port.
    /// </summary>
    public string FrontendId { get; set; } = "";

    /// <summary>The frontend id in use: <see cref="FrontendId"/>, or the host name and RPC port when it is empty.</summary>
    /// <remarks>The default is stable across restarts on one port, so a restarted frontend clears the replica records its previous run left.</remarks>
    public string EffectiveFrontendId => FrontendId.Length > 0
        ? FrontendId
        : Environment.MachineName.ToLowerInvariant() + "-" + RpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The host model containers are told to reach this frontend's RPC port at (in its announcement in
    /// Redis and in the membership it sends containers): an address they can reach, such as the
    /// container's address on a Docker network or a pod IP. Empty (the default) means
    /// <see cref="BindAddress"/> when that is a specific address, else <c>127.0.0.1</c>.
    /// </summary>
    public string AdvertisedHost { get; set; } = "";

    /// <summary>
    /// The HTTP base address recorded for this frontend (what <c>clipper status</c> shows). Empty (the
    /// default) means <c>http://</c> (<c>https://</c> with TLS) the advertised host and the bound HTTP port.
    /// </summary>
    public string AdvertisedHttpAddress { get; set; } = "";

    /// <summary>
    /// A second HTTP port that frontends on one machine share (each binds it with SO_REUSEPORT and the
    /// kernel spreads new client connections over them), beside <see cref="HttpPort"/>, which stays this
    /// frontend's own. 0 (the default) means none.
    /// </summary>
    public int SharedHttpPort { get; set; }

    /// <summary>
    /// How long this frontend's announcement in Redis lives unless renewed; it is renewed every third
    /// of it. A frontend that dies disappears from the membership within this time. Default 3 s.
    /// </summary>
    public TimeSpan FrontendLease { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The most frontends one model container connects to, told to containers with the membership;
    /// past it each container picks a subset by rendezvous hashing so that every frontend gets an
    /// equal share of the containers. 0 (the default) means every frontend.
    /// </summary>
    public int MaxFrontendsPerReplica { get; set; }

    /// <summary>The host containers reach this frontend at: <see cref="AdvertisedHost"/> or its default.</summary>
    public string EffectiveAdvertisedHost => AdvertisedHost.Length > 0
        ? AdvertisedHost
        : BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : BindAddress;

    /// <summary>The largest RPC frame accepted from a container. Default 64 MiB.</summary>
    public int MaxFrameBytes { get; set; } = ProtocolConstants.DefaultMaxFrameBytes;

    /// <summary>How often each side of an idle RPC connection sends a heartbeat; three missed ones drop it. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(ProtocolConstants.DefaultHeartbeatIntervalMs);

    /// <summary>
    /// How long a Clipper container (Clipper's container RPC, on the same port) may stay silent before it is dropped.
    /// Clipper's containers poll with a 5 s timeout and send a heartbeat after each idle poll, which the frontend
    /// answers, so a healthy idle container is heard every 5 s: the default, 15 s, is three missed heartbeats, as for
    /// our own containers. While a batch is out, the silence counts from the batch's latest deadline (a container
    /// sends nothing while its predict function runs). At least 1 s.
    /// </summary>
    public TimeSpan ClipperContainerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a new container connection may take to send its hello. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long start-up waits for the first configuration from Redis before serving without it. Default 5 s.</summary>
    public TimeSpan InitialLoadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a stopping frontend (SIGTERM) waits for its open requests to be answered before it
    /// closes what is left. Requests end by their own deadline anyway. Default 30 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stopping frontend (SIGTERM) keeps its listeners open and serving before it drains, while
    /// <c>GET /ready</c> answers 503: time for a load balancer in front (a Kubernetes Service) to stop sending it
    /// new connections. Default 0 (close at once); the Kubernetes manager sets a few seconds.
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How the frontend forms batches.</summary>
    public BatchingOptions Batching { get; set; } = new();

    /// <summary>Time source; tests replace it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the settings and says which one is wrong.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RedisAddress))
        {
            throw new ArgumentException("RedisAddress is required, as host:port (e.g. 127.0.0.1:6379).", nameof(RedisAddress));
        }

        CheckPort(HttpPort, nameof(HttpPort));
        CheckPort(RpcPort, nameof(RpcPort));
        CheckPort(SharedHttpPort, nameof(SharedHttpPort));
        if (FrontendLease < TimeSpan.FromMilliseconds(30))
        {
            throw new ArgumentException($"FrontendLease must be at least 30 ms; got {FrontendLease}.", nameof(FrontendLease));
        }

        if (MaxFrontendsPerReplica < 0)
        {
            throw new ArgumentException($"MaxFrontendsPerReplica must be 0 (every frontend) or positive; got {MaxFrontendsPerReplica}.", nameof(MaxFrontendsPerReplica));
        }

        if (AdvertisedHttpAddress.Length > 0 && !Uri.TryCreate(AdvertisedHttpAddress, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"AdvertisedHttpAddress must be an absolute URL such as http://10.0.0.5:1337; got '{AdvertisedHttpAddress}'.", nameof(AdvertisedHttpAddress));
        }

        foreach (var entry in ClipperContainerNetworks)
        {
            if (ClipperRpc.ClipperNetworks.Problem(entry) is { } problem)
            {
                throw new ArgumentException($"ClipperContainerNetworks: {problem}.", nameof(ClipperContainerNetworks));
            }
        }

        ValidateLimits();
        if (Batching.QueueCapacity < 1 || MaxFrameBytes < 1024)
        {
            throw new ArgumentException($"Batching.QueueCapacity must be positive and MaxFrameBytes at least 1024; got {Batching.QueueCapacity} and {MaxFrameBytes}.");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(1) || HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"HeartbeatInterval must be at least 1 ms and HandshakeTimeout positive; got {HeartbeatInterval} and {HandshakeTimeout}.");
        }

        if (DrainTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"DrainTimeout must be positive; got {DrainTimeout}.", nameof(DrainTimeout));
        }

        if (ClipperContainerTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"ClipperContainerTimeout must be at least 1 s (Clipper's containers heartbeat every 5 s when idle); got {ClipperContainerTimeout}.", nameof(ClipperContainerTimeout));
        }

        if (ShutdownDelay < TimeSpan.Zero || ShutdownDelay > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"ShutdownDelay must be between 0 and 5 minutes; got {ShutdownDelay}.", nameof(ShutdownDelay));
        }

        Batching.Validate();
        ValidateTls();
        ValidateOip();
        ValidateGrpc();
    }

    private static void CheckPort(int port, string name)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentException($"{name} must be between 0 and 65535; got {port}.", name);
        }
    }
}
