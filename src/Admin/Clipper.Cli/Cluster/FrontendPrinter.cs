using System.Globalization;
using Clipper.Admin.Connection;

namespace Clipper.Cli.Cluster;

/// <summary>The query frontends as a table: id, HTTP and RPC address, up since, replicas connected per model version.</summary>
internal static class FrontendPrinter
{
    public static void Table(IReadOnlyList<QueryFrontendInfo> frontends)
    {
        if (frontends.Count == 0)
        {
            Console.Out.WriteLine("no query frontend holds a lease");
            return;
        }

        var idWidth = Math.Max(14, frontends.Max(f => f.Id.Length));
        var httpWidth = Math.Max(4, frontends.Max(f => f.HttpAddress.ToString().Length));
        var rpcWidth = Math.Max(3, frontends.Max(f => f.RpcAddress.Length));
        Console.Out.WriteLine($"{"QUERY FRONTEND".PadRight(idWidth)} {"HTTP".PadRight(httpWidth)} {"RPC".PadRight(rpcWidth)} {"UP SINCE",-20} REPLICAS");
        foreach (var frontend in frontends)
        {
            var replicas = frontend.Replicas.Count == 0 ? "-" : string.Join(", ", frontend.Replicas.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}={r.Value}")));
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{frontend.Id.PadRight(idWidth)} {frontend.HttpAddress.ToString().PadRight(httpWidth)} {frontend.RpcAddress.PadRight(rpcWidth)} {frontend.StartedAt.UtcDateTime,-20:yyyy-MM-ddTHH:mm:ssZ} {replicas}"));
        }
    }

    /// <summary>The containers the frontends refused lately (wrong RPC version, another input type...), newest first; nothing when none.</summary>
    public static void RefusedTable(IReadOnlyList<QueryFrontendInfo> frontends)
    {
        var refused = frontends.SelectMany(f => f.RefusedContainers.Select(r => (Frontend: f.Id, Refusal: r))).OrderByDescending(r => r.Refusal.At).ToList();
        if (refused.Count == 0)
        {
            return;
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine($"{"REFUSED CONTAINER",-24} {"PROTOCOL",-12} {"MODEL",-20} {"FRONTEND",-20} {"AT",-20} REASON");
        foreach (var (frontend, refusal) in refused)
        {
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{refusal.Address,-24} {refusal.Protocol,-12} {(refusal.Model.Length > 0 ? refusal.Model : "-"),-20} {frontend,-20} {refusal.At.UtcDateTime,-20:yyyy-MM-ddTHH:mm:ssZ} {refusal.Reason}"));
        }
    }

    /// <summary>The frontends as <c>--output json</c> writes them, with the management API's field names.</summary>
    public static IEnumerable<object> Json(IReadOnlyList<QueryFrontendInfo> frontends) =>
        frontends.Select(f => new
        {
            id = f.Id, http_address = f.HttpAddress, rpc_address = f.RpcAddress, started_at = f.StartedAt, replicas = f.Replicas,
            refused_containers = f.RefusedContainers.Select(r => new { at = r.At, protocol = r.Protocol, address = r.Address, model = r.Model, reason = r.Reason }),
        });
}
