using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Clipper.Configuration.Metrics;

/// <summary>
/// <c>GET /metrics</c> in Prometheus's text format on both frontends, through OpenTelemetry's Prometheus exporter over
/// the processes' <see cref="System.Diagnostics.Metrics"/> instruments. A request whose <c>Accept</c> asks for
/// <c>application/json</c> is left to the frontend's own JSON (Clipper's tools read that), so both share the path.
/// </summary>
public static class PrometheusEndpoint
{
    /// <summary>The path both frontends answer metrics on.</summary>
    public const string Path = "/metrics";

    /// <summary>The media type that asks for Clipper's JSON instead of Prometheus's text.</summary>
    public const string JsonMediaType = "application/json";

    /// <summary>Collects the instruments of <paramref name="meterNames"/> for the Prometheus exporter.</summary>
    /// <param name="services">The process's services.</param>
    /// <param name="serviceName">The process's kind, the <c>service_name</c> of the <c>target_info</c> series (e.g. <c>clipper-query-frontend</c>).</param>
    /// <param name="meterNames">The meters to export (each process's own, e.g. <c>Clipper.QueryFrontend</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, string serviceName, params string[] meterNames)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
            .AddMeter(meterNames)
            .AddPrometheusExporter(exporter =>
            {
                // Every scrape collects afresh: a scrape right after a prediction sees it (the default caches 300 ms).
                exporter.ScrapeResponseCacheDurationMilliseconds = 0;

                // The series carry their own clipper_ prefix; the meter's name on every series adds nothing.
                exporter.ScopeInfoEnabled = false;
            }));
        return services;
    }

    /// <summary>Answers <see cref="Path"/> with Prometheus's text unless the request asks for JSON (<see cref="AsksForJson"/>).</summary>
    /// <param name="app">The frontend's pipeline.</param>
    /// <returns>The pipeline.</returns>
    public static IApplicationBuilder UsePrometheusMetrics(this IApplicationBuilder app) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(IsScrape);

    /// <summary>Whether a request is a Prometheus scrape: <c>GET /metrics</c> that does not ask for JSON.</summary>
    /// <param name="context">The request.</param>
    /// <returns>True when the exporter answers it.</returns>
    public static bool IsScrape(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return HttpMethods.IsGet(request.Method) && request.Path.Equals(Path, StringComparison.Ordinal) && !AsksForJson(request.Headers.Accept);
    }

    /// <summary>
    /// Whether an <c>Accept</c> header lists <c>application/json</c> with a quality above 0. Prometheus's own scrapes list
    /// only text formats (and <c>*/*</c>), so they get the text; a header that cannot be parsed gets the text too.
    /// </summary>
    /// <param name="accept">The request's <c>Accept</c> values.</param>
    /// <returns>True when the JSON was asked for.</returns>
    public static bool AsksForJson(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        foreach (var type in types)
        {
            if (type.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase) && type.Quality is not <= 0)
            {
                return true;
            }
        }

        return false;
    }
}
