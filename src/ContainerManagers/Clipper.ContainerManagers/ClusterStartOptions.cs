namespace Clipper.ContainerManagers;

/// <summary>How to start a cluster. Every port left at 0 takes the default when free, or else a free one.</summary>
public sealed partial record ClusterStartOptions
{
    /// <summary>An existing Redis (<c>host:port</c>); null to have the manager run one.</summary>
    public string? RedisAddress { get; init; }

    /// <summary>The query frontend's HTTP port (default 1337).</summary>
    public int QueryPort { get; init; }

    /// <summary>The management frontend's port (default 1338).</summary>
    public int ManagementPort { get; init; }

    /// <summary>The query frontend's RPC port for model replicas (default 7000).</summary>
    public int RpcPort { get; init; }

    /// <summary>The port of the Redis the manager runs (default 6379).</summary>
    public int RedisPort { get; init; }

    /// <summary>How long to wait for every part to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many query frontends to run (default 1, at most <see cref="QueryFrontendCount.Max"/>). Model replicas
    /// are started with the first one's RPC address and connect to every live one from there.
    /// </summary>
    public int Frontends { get; init; } = 1;

    /// <summary>
    /// Serve the management API to callers from any address without the admin token, as Clipper did (no token is made).
    /// Only for a network the operator trusts; <c>clipper status</c> shows it. Default <see langword="false"/>.
    /// </summary>
    public bool InsecureAdmin { get; init; }

    /// <summary>
    /// The password of the existing Redis given as <see cref="RedisAddress"/>, or none. A Redis the manager runs gets a
    /// password it makes itself. Kept owner-only where the manager keeps its state; never logged.
    /// </summary>
    public string? RedisPassword { get; init; }

    /// <summary>Throws when a setting is invalid, naming it, its value and what is expected.</summary>
    /// <exception cref="ContainerManagerException">A setting is invalid.</exception>
    public void Validate()
    {
        QueryFrontendCount.Validate(Frontends, nameof(Frontends));
        if (RedisPassword is not null && RedisAddress is null)
        {
            throw new ContainerManagerException($"{nameof(RedisPassword)} is the password of an existing Redis ({nameof(RedisAddress)}, --redis); the Redis a cluster runs itself gets a password made at start.");
        }

        if (RedisPassword is { Length: 0 })
        {
            throw new ContainerManagerException($"{nameof(RedisPassword)} is empty; give the password the Redis requires, or none.");
        }

        ValidateTls();
        ValidateGrpc();
        ValidatePrometheus();
        ValidateLogFormat();
    }

    /// <summary>The settings without the Redis password, which is never shown.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{nameof(ClusterStartOptions)} {{ RedisAddress = {RedisAddress ?? "(own)"}{(RedisPassword is null ? "" : " (password)")}, QueryPort = {QueryPort}, ManagementPort = {ManagementPort}, RpcPort = {RpcPort}, RedisPort = {RedisPort}, Frontends = {Frontends}, InsecureAdmin = {InsecureAdmin}, LogFormat = {LogFormat}, Prometheus = {(Prometheus ? PrometheusPort.ToString(System.Globalization.CultureInfo.InvariantCulture) : "off")}, StartTimeout = {StartTimeout} }}");
}
