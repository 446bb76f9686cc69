using System.Text.Json;
using Clipper.Configuration;

namespace Clipper.Admin.Management;

/// <summary>
/// <c>GET /prometheus/targets</c>: the live query frontends in the form of Prometheus's HTTP service discovery
/// (<c>http_sd_configs</c>), so that a Prometheus anywhere finds every frontend, scaled ones and restarted pods
/// included, from the leases they hold in Redis: <c>[{"targets": ["HOST:PORT"], "labels": {"frontend": "ID"}}]</c>.
/// The addresses are the frontends' own (pod addresses on Kubernetes), so the endpoint follows the admin access rules
/// (mapped by <see cref="ManagementEndpoints"/>, answered by <see cref="ManagementHandlers.GetPrometheusTargetsAsync"/>).
/// </summary>
internal static class PrometheusTargetsEndpoint
{
    /// <summary>The path Prometheus polls.</summary>
    public const string Path = "/prometheus/targets";

    /// <summary>The operation's name in the access log and the management metrics.</summary>
    public const string Operation = "prometheus_targets";

    /// <summary>One target group per frontend whose HTTP address parses, in the order given.</summary>
    public static string Write(IEnumerable<FrontendRecord> frontends) =>
        ManagementJson.Array(frontends, static (writer, frontend) => WriteGroup(writer, frontend));

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
