using System.Net;
using System.Net.Http.Headers;
using Clipper.LoadGenerator.Configuration;

namespace Clipper.LoadGenerator.Http;

/// <summary>
/// The HTTP client of one connection: a bare <see cref="SocketsHttpHandler"/> (no proxy, cookies,
/// decompression, redirects or trace headers) behind an <see cref="HttpMessageInvoker"/>, which
/// skips HttpClient's per-request timeout and header merging. The client must cost little so the
/// server under test, sharing the machine, gets the CPU.
/// </summary>
internal static class LoadHttpClient
{
    /// <summary>Creates an invoker of one connection, kept alive for the whole run.</summary>
    public static HttpMessageInvoker Create(LoadOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = options.Timeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>A body over the shared payload; one per connection, since a content's headers are not safe to share across concurrent requests.</summary>
    public static HttpContent CreateContent(byte[] body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A POST of <paramref name="content"/>, HTTP/1.1 only.</summary>
    public static HttpRequestMessage CreateRequest(Uri url, HttpContent content) => new(HttpMethod.Post, url)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = content,
    };

    /// <summary>
    /// Sends one request before the run; returns null when the target answered (any status), or
    /// why it could not be reached (refused, unknown host, no answer within the timeout).
    /// </summary>
    public static async Task<string?> ProbeAsync(HttpMessageInvoker invoker, LoadOptions options, CancellationToken cancellation)
    {
        using var content = CreateContent(options.Body);
        using var request = CreateRequest(options.Url, content);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using HttpResponseMessage response = await invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return $"no answer within {options.Timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }
}
