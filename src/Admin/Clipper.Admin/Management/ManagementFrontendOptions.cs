using System.Net;
using Clipper.ModelRpc.Security;

namespace Clipper.Admin.Management;

/// <summary>Options of the management frontend.</summary>
public sealed partial class ManagementFrontendOptions
{
    /// <summary>Clipper's management port.</summary>
    public const int DefaultPort = 1338;

    /// <summary>The Redis address as <c>host:port</c>. Default <c>localhost:6379</c>.</summary>
    public string RedisAddress { get; set; } = "localhost:6379";

    /// <summary>The password the Redis requires, or none. Never logged.</summary>
    public string? RedisPassword { get; set; }

    /// <summary>The Redis ACL user to log in as with <see cref="RedisPassword"/>, or none (Redis's default user).</summary>
    public string? RedisUser { get; set; }

    /// <summary>The prefix of every Redis key the cluster uses. Default <c>clipper:</c>.</summary>
    public string RedisKeyPrefix { get; set; } = "clipper:";

    /// <summary>How long one Redis command may wait (a request then fails with 503). Default 5 s.</summary>
    public TimeSpan RedisOperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The HTTP port. Default 1338; 0 picks a free port (read it from the application's addresses after start).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The address to listen on. Default <c>0.0.0.0</c> (every IPv4 interface), as Clipper.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The cluster's admin token. Requests from other addresses than loopback must present it
    /// (<c>Authorization: Bearer TOKEN</c>); without one, only loopback is served. Default none.
    /// </summary>
    public ClusterToken? AdminToken { get; set; }

    /// <summary>
    /// Serves admin requests from anywhere without a token, as Clipper did. Only for a network the operator trusts;
    /// the frontend logs it at start and <c>clipper status</c> shows it. Default <see langword="false"/>.
    /// </summary>
    public bool InsecureAdmin { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the value.</exception>
    public void Validate()
    {
        if (Port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"{nameof(Port)} must be between 0 and {IPEndPoint.MaxPort}; got {Port}.", nameof(Port));
        }

        if (!IPAddress.TryParse(BindAddress, out _))
        {
            throw new ArgumentException($"{nameof(BindAddress)} must be an IP address such as 0.0.0.0 or 127.0.0.1; got '{BindAddress}'.", nameof(BindAddress));
        }

        if (InsecureAdmin && AdminToken is not null)
        {
            throw new ArgumentException($"{nameof(InsecureAdmin)} serves every request without a token, so an {nameof(AdminToken)} would not be checked; give one or the other.", nameof(InsecureAdmin));
        }

        ValidateLimits();
        ValidateTls();
    }
}
