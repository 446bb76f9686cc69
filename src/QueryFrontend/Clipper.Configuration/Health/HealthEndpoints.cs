using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clipper.Configuration.Health;

/// <summary>
/// The probes both frontends answer, without credentials: <c>GET /healthz</c> (the process lives: 200 <c>ok</c>) and
/// <c>GET /readyz</c> (200 <c>ready</c> when every check passes, otherwise 503 and one line per check). The bodies hold
/// states only; what went wrong in detail (addresses, errors) goes to the log.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>The readiness path.</summary>
    public const string ReadinessPath = "/readyz";

    private const string TextType = "text/plain; charset=utf-8";

    /// <summary>Maps <see cref="LivenessPath"/>, and <paramref name="readinessPaths"/> to the readiness report of <paramref name="checks"/>.</summary>
    /// <param name="routes">The frontend's routes.</param>
    /// <param name="checks">Runs the checks, in the order the body lists them.</param>
    /// <param name="readinessPaths">The paths answering readiness (<see cref="ReadinessPath"/> and any older one kept for compatibility).</param>
    public static void Map(IEndpointRouteBuilder routes, Func<CancellationToken, ValueTask<IReadOnlyList<ReadinessCheck>>> checks, params string[] readinessPaths)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(checks);
        routes.MapGet(LivenessPath, new RequestDelegate(context => WriteAsync(context.Response, StatusCodes.Status200OK, "ok\n", context.RequestAborted)));
        var ready = new RequestDelegate(async context =>
        {
            var results = await checks(context.RequestAborted).ConfigureAwait(false);
            var verbose = context.Request.Query.ContainsKey("verbose");
            var (status, body) = Render(results, verbose);
            await WriteAsync(context.Response, status, body, context.RequestAborted).ConfigureAwait(false);
        });
        foreach (var path in readinessPaths)
        {
            routes.MapGet(path, ready);
        }
    }

    /// <summary>
    /// The <c>listeners</c> check: up once <paramref name="server"/> has bound its addresses. It is not the host's start: that
    /// also waits for the first configuration (up to a few seconds without Redis), while the listeners already answer.
    /// </summary>
    /// <param name="server">The frontend's server.</param>
    public static ReadinessCheck Listeners(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Features.Get<IServerAddressesFeature>() is { Addresses.Count: > 0 }
            ? new("listeners", true, "up")
            : new("listeners", false, "not listening yet");
    }

    /// <summary>
    /// The status and body of a readiness answer: 200 <c>ready</c> when every check passed (followed by the checks when
    /// <paramref name="verbose"/>), otherwise 503 <c>not ready</c> followed by every check, one per line.
    /// </summary>
    /// <param name="checks">The checks' results.</param>
    /// <param name="verbose">Whether a ready answer lists the checks too (<c>?verbose</c>).</param>
    /// <returns>The status code and the body.</returns>
    public static (int Status, string Body) Render(IReadOnlyList<ReadinessCheck> checks, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var ready = checks.All(static check => check.Passed);
        if (ready && !verbose)
        {
            return (StatusCodes.Status200OK, "ready\n");
        }

        var body = new StringBuilder(ready ? "ready\n" : "not ready\n");
        foreach (var check in checks)
        {
            body.Append(check.Name).Append(": ").Append(check.State).Append('\n');
        }

        return (ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body.ToString());
    }

    private static async Task WriteAsync(HttpResponse response, int status, string body, CancellationToken cancellationToken)
    {
        // A probe must see the current state, never a cached one.
        response.StatusCode = status;
        response.ContentType = TextType;
        response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
