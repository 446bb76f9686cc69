using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clipper.Admin.Dashboard;

/// <summary>
/// The dashboard on the management frontend: <c>GET /dashboard</c> serves a page (and its script and style sheet, embedded
/// in this assembly) that reads the <c>/admin</c> operations from the browser. The page itself holds no data, so it is
/// served to anyone who reaches the port; every reading goes through the admin access rules like any other client's, with
/// the admin token the page asks for when the frontend requires one.
/// </summary>
internal static class DashboardEndpoints
{
    // Only this origin's own files and calls: no inline script, no framing, nothing from elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly DashboardAsset[] s_assets =
    [
        DashboardAsset.Load("index.html", "text/html; charset=utf-8"),
        DashboardAsset.Load("app.js", "text/javascript; charset=utf-8"),
        DashboardAsset.Load("style.css", "text/css; charset=utf-8"),
    ];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var page = s_assets[0];
        // Routing matches "/dashboard/" to this too.
        routes.MapGet("/dashboard", context => WriteAsync(context, page));
        foreach (var asset in s_assets[1..])
        {
            routes.MapGet("/dashboard/" + asset.Name, context => WriteAsync(context, asset));
        }
    }

    private static Task WriteAsync(HttpContext context, DashboardAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
