using System.Globalization;
using System.Text;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Microsoft.AspNetCore.Connections;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>
/// Bounds the open HTTP connections (option <see cref="QueryFrontendOptions.MaxConcurrentConnections"/>) over the
/// HTTP listeners only, and counts them for the drain on stop. A connection past the limit is answered
/// <c>503</c> with <c>Retry-After</c> and Clipper's error body, then closed, before any request is read.
/// </summary>
internal sealed class HttpConnectionLimit
{
    // A refused client that never reads cannot hold the refusal up for longer than this.
    private static readonly TimeSpan s_refusalWriteTimeout = TimeSpan.FromSeconds(1);

    private readonly HttpConnectionGauge _gauge;
    private readonly int _max;
    private readonly byte[] _refusal;

    public HttpConnectionLimit(HttpConnectionGauge gauge, int maxConnections)
    {
        _gauge = gauge;
        _max = maxConnections;
        _refusal = BuildRefusal(maxConnections);
    }

    /// <summary>The connection middleware for one HTTP listener.</summary>
    /// <param name="next">The rest of the listener's pipeline (HTTP).</param>
    /// <param name="metrics">Counts refused connections.</param>
    /// <returns>The middleware.</returns>
    public ConnectionDelegate Wrap(ConnectionDelegate next, FrontendMetrics metrics) => async connection =>
    {
        if (!_gauge.TryOpen(_max))
        {
            metrics.ConnectionRefused();
            await RefuseAsync(connection).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _gauge.Closed();
        }
    };

    private async Task RefuseAsync(ConnectionContext connection)
    {
        using var timeout = new CancellationTokenSource(s_refusalWriteTimeout);
        try
        {
            await connection.Transport.Output.WriteAsync(_refusal, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client went away or does not read: closing is all that is left to do.
        }

        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    }

    private static byte[] BuildRefusal(int maxConnections)
    {
        string body = string.Create(CultureInfo.InvariantCulture,
            $"{{\"error\":\"Too many connections\",\"cause\":\"This frontend already holds its maximum of {maxConnections} open HTTP connections (option MaxConcurrentConnections); retry after 1 second, reuse a kept-alive connection or use another frontend.\"}}");
        string head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n");
        return Encoding.UTF8.GetBytes(head + body);
    }
}
