using System.Text.Json;
using Clipper.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Management;

/// <summary>
/// <c>GET /prometheus/targets</c>: the live query frontends in the form of Prometheus's HTTP service discovery
/// (<c>http_sd_configs</c>), so that a Prometheus anywhere finds every frontend, scaled ones and restarted pods
/// included, from the leases they hold in Redis: <c>[{"targets": ["HOST:PORT"], "labels": {"frontend": "ID"}}]</c>.
/// The addresses are the frontends' own (pod addresses on Kubernetes), so the endpoint follows the admin access rules.
/// </summary>
internal static class PrometheusTargetsEndpoint
{
    /// <summary>The path Prometheus polls.</summary>
    public const string Path = "/prometheus/targets";

    /// <summary>The operation's name in the access log and the management metrics.</summary>
    public const string Operation = "prometheus_targets";

    public static void Map(IEndpointRouteBuilder routes, IConfigurationStore store, AdminAccess access, ManagementMetrics metrics, ILogger logger)
    {
        routes.MapGet(Path, new RequestDelegate(async context =>
        {
            var reply = access.Check(context, Operation) ?? await AnswerAsync(store, metrics, logger, context.RequestAborted).ConfigureAwait(false);
            metrics.Answered(Operation, reply.StatusCode);
            await reply.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
        }));
    }

    private static async Task<Reply> AnswerAsync(IConfigurationStore store, ManagementMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var frontends = await store.GetFrontendsAsync(cancellationToken).ConfigureAwait(false);
            return Reply.Json(Write(frontends));
        }
        catch (ConfigurationStoreException ex)
        {
            // Prometheus keeps the targets it had while discovery fails.
            ManagementLog.StoreUnavailable(logger, Operation, ex);
            metrics.StoreFailed(Operation);
            return Reply.Unavailable(ex.Message);
        }
    }

    /// <summary>One target group per frontend whose HTTP address parses, ordered by id.</summary>
    internal static string Write(IEnumerable<FrontendRecord> frontends)
    {
        var ordered = new List<FrontendRecord>(frontends);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return ManagementJson.Array(ordered, static (writer, frontend) => WriteGroup(writer, frontend));
    }

    private static void WriteGroup(Utf8JsonWriter writer, FrontendRecord frontend)
    {
        if (!Uri.TryCreate(frontend.HttpAddress, UriKind.Absolute, out var address) || address.Authority.Length == 0)
        {
            // A record from another version without a usable address: no target rather than a broken one.
            return;
        }

        writer.WriteStartObject();
        writer.WriteStartArray("targets");
        writer.WriteStringValue(address.Authority);
        writer.WriteEndArray();
        writer.WriteStartObject("labels");
        writer.WriteString("frontend", frontend.Id);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
