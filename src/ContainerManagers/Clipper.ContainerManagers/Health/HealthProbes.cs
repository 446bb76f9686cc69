using System.Net.Sockets;
using System.Text;

namespace Clipper.ContainerManagers.Health;

/// <summary>Whether a cluster part answers: Redis to PING, a frontend to an HTTP GET.</summary>
internal static class HealthProbes
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True when Redis at <paramref name="port"/> answers PING with PONG, after logging in with
    /// <paramref name="password"/> when one is given (a wrong one never answers PONG).
    /// </summary>
    public static async Task<bool> RedisAnswersAsync(string host, int port, string? password, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_probeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var request = new StringBuilder();
            if (password is not null)
            {
                // RESP arrays, so that any password travels as one argument.
                request.Append(System.Globalization.CultureInfo.InvariantCulture, $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n");
            }

            request.Append("*1\r\n$4\r\nPING\r\n");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), timeout.Token).ConfigureAwait(false);
            var replies = new StringBuilder();
            var buffer = new byte[256];
            var expected = password is null ? 1 : 2;
            while (replies.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length < expected)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                replies.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return replies.ToString().EndsWith("+PONG\r\n", StringComparison.Ordinal) && !replies.ToString().StartsWith('-');
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// A frontend's readiness address: <c>GET /readyz</c> answers 200 once it loaded its configuration from Redis
    /// (the management frontend: once Redis answers) and listens, 503 before and while it drains.
    /// </summary>
    /// <param name="frontend">The frontend's base address (scheme, host and port).</param>
    public static Uri Readiness(Uri frontend) => new(frontend, ReadinessPath);

    /// <summary>The frontends' readiness path.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>The frontends' liveness path.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>True when a GET of <paramref name="url"/> answers 2xx.</summary>
    public static async Task<bool> HttpAnswersAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_probeTimeout);
        try
        {
            using var response = await http.GetAsync(url, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}
