using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

internal sealed partial class PredictEndpoint
{
    private const string PredictSuffix = "/predict";

    /// <summary>
    /// Middleware ahead of the router: <c>POST /{app}/predict</c> for an application of the routing snapshot is served
    /// here, since the router allocates a route value dictionary and the app's name for every request (about 130 B).
    /// Anything else, an unknown application included, goes on to the router and its endpoints as before.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes when the request is answered.</returns>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        return HttpMethods.IsPost(request.Method) && TryFindApp(request.Path.Value, out var app)
            ? HandleRequestAsync(context, app).AsTask()
            : next(context);
    }

    // The router's template matches its literal case-insensitively and takes the segment between as the app's name.
    private bool TryFindApp(string? path, out AppRoute app)
    {
        app = null!;
        if (path is null || path.Length <= PredictSuffix.Length + 1 || path[0] != '/'
            || !path.EndsWith(PredictSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = path.AsSpan(1, path.Length - PredictSuffix.Length - 1);
        return !name.Contains('/')
            && _routing.Current.Apps.TryGetAlternateLookup<ReadOnlySpan<char>>(out var apps)
            && apps.TryGetValue(name, out app!);
    }
}
