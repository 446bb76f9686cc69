using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>The HTTP limits Kestrel enforces by itself, set from the frontend's options.</summary>
internal static class KestrelLimits
{
    // Kestrel's own default; a request line (method, path, version) longer than it gets 414.
    private const int DefaultMaxRequestLineBytes = 8 * 1024;

    /// <summary>Sets body size, header size and count, header timeout and minimum body rate.</summary>
    /// <remarks>
    /// Kestrel's MaxConcurrentConnections stays unset: it counts every listener, so HTTP clients could use up the
    /// connections model containers need on the RPC port. <see cref="HttpConnectionLimit"/> bounds the HTTP listeners alone.
    /// </remarks>
    public static void Apply(KestrelServerLimits limits, QueryFrontendOptions options)
    {
        limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersBytes;

        // Kestrel refuses to start when the request line may be longer than all the headers together.
        limits.MaxRequestLineSize = Math.Min(DefaultMaxRequestLineBytes, options.MaxRequestHeadersBytes);
        limits.MaxRequestHeaderCount = options.MaxRequestHeaderCount;
        limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = options.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(options.MinRequestBodyBytesPerSecond, options.MinRequestBodyRateGracePeriod)
            : null;
    }
}
