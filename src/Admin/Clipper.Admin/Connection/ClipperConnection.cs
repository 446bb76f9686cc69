using Clipper.ContainerManagers;
using Clipper.ModelRpc.Security;

namespace Clipper.Admin.Connection;

/// <summary>
/// Administers a Clipper cluster, as Clipper's <c>ClipperConnection</c> does: starts or connects to it
/// through a container manager, registers applications and models through the management API, builds,
/// deploys and scales models, and stops what runs. Every failure is a <see cref="ClipperException"/>.
/// </summary>
public sealed partial class ClipperConnection : IDisposable
{
    private readonly ClipperConnectionOptions _options;
    private ClusterAddresses? _addresses;
    private ManagementClient? _management;
    private TlsTrust _trust = TlsTrust.MachineStore;

    /// <summary>Creates a connection that manages its cluster through <paramref name="manager"/>.</summary>
    public ClipperConnection(IContainerManager manager, ClipperConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manager);
        Manager = manager;
        _options = options ?? new ClipperConnectionOptions();
    }

    /// <summary>The container manager running the cluster.</summary>
    public IContainerManager Manager { get; }

    /// <summary>Where the cluster answers; set by <see cref="StartClipperAsync"/> or <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="ClipperException">Neither was called yet.</exception>
    public ClusterAddresses Addresses => _addresses ?? throw new ClipperException("Not connected: call StartClipperAsync or ConnectAsync first.");

    /// <summary>Starts a cluster (Redis unless given, both frontends) and connects to it.</summary>
    public async Task<ClusterAddresses> StartClipperAsync(ClusterStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        var addresses = await ManagerCallAsync(() => Manager.StartClusterAsync(options ?? new ClusterStartOptions(), cancellationToken)).ConfigureAwait(false);
        Attach(addresses);
        return addresses;
    }

    /// <summary>Connects to a running cluster, possibly started by another process.</summary>
    public async Task<ClusterAddresses> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var addresses = await ManagerCallAsync(() => Manager.ConnectAsync(cancellationToken)).ConfigureAwait(false);
        Attach(addresses);
        return addresses;
    }

    /// <summary>The query frontend's address (<c>POST {address}/{app}/predict</c>).</summary>
    public Uri GetQueryAddress() => Addresses.Query;

    /// <summary>
    /// Where the cluster's metrics are read, as Clipper's <c>get_metric_addr</c>: the Prometheus server the cluster runs
    /// (<see cref="ClusterStartOptions.Prometheus"/>) when there is one, else the query frontend's <c>GET /metrics</c>.
    /// </summary>
    public Uri GetMetricAddress() => Addresses.Prometheus ?? Addresses.Metrics;

    /// <summary>
    /// How the cluster's management frontend checks callers, as its last answer to this connection said: <c>token</c>
    /// (the admin token beyond loopback), <c>loopback-only</c>, or <c>insecure</c> (started with --insecure-admin); null
    /// before the first call.
    /// </summary>
    public string? AdminAccess => _management?.AdminAccess;

    /// <summary>The management API's address.</summary>
    public Uri GetAdminAddress() => Addresses.Management;

    /// <summary>
    /// An HTTP client for the cluster's frontends (predictions, metrics) that checks their TLS certificates as this
    /// connection does; plain HTTP addresses work as with any client. Dispose it when done.
    /// </summary>
    /// <param name="timeout">The limit of each request.</param>
    /// <returns>A new client.</returns>
    public HttpClient CreateHttpClient(TimeSpan timeout)
    {
        _ = Addresses;
        return new HttpClient(_trust.CreateHttpHandler()) { Timeout = timeout };
    }

    /// <summary>
    /// One sentence for a failed request to a frontend when its TLS certificate was refused (why, and the flag to give);
    /// null for any other failure.
    /// </summary>
    /// <param name="exception">The failure of a request sent with <see cref="CreateHttpClient"/>.</param>
    /// <param name="address">The address called.</param>
    /// <returns>The sentence, or null.</returns>
    public string? DescribeTlsFailure(HttpRequestException exception, Uri address)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TlsFailures.Describe(exception, "The frontend", address, _trust);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _management?.Dispose();
        _trust.Dispose();
    }

    private ManagementClient Management => _management ?? throw new ClipperException("Not connected: call StartClipperAsync or ConnectAsync first.");

    private void Attach(ClusterAddresses addresses)
    {
        var trust = LoadTrust(addresses);
        _management?.Dispose();
        _trust.Dispose();
        _trust = trust;
        _addresses = addresses;
        _management = new ManagementClient(addresses.Management, _options.RequestTimeout, addresses.AdminToken, trust);
    }

    /// <summary>The trust HTTPS frontends are checked with: the CA file the options give, else the one the manager recorded, else the machine's store.</summary>
    private TlsTrust LoadTrust(ClusterAddresses addresses)
    {
        var caPath = _options.TlsCaPath ?? addresses.TlsCaPath;
        try
        {
            return TlsTrust.FromCaFileOrMachine(caPath);
        }
        catch (ArgumentException ex)
        {
            var source = _options.TlsCaPath is not null ? "--tls-ca (ClipperConnectionOptions.TlsCaPath)" : $"the CA file cluster '{Manager.ClusterName}' was started with";
            throw new ClipperException($"{source} cannot be used: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal)}", ex);
        }
    }

    /// <summary>Runs a manager call, turning its refusal into a <see cref="ClipperException"/>.</summary>
    private static async Task<T> ManagerCallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ContainerManagerException ex)
        {
            throw new ClipperException(ex.Message, ex);
        }
    }

    private static async Task ManagerCallAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (ContainerManagerException ex)
        {
            throw new ClipperException(ex.Message, ex);
        }
    }
}
