using System.Text.Json;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Cluster;

/// <summary>How the cluster verbs print: aligned text for people, one JSON document with <c>--output json</c>.</summary>
internal static class ClusterPrinter
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Addresses(string cluster, ClusterAddresses addresses)
    {
        Console.Out.WriteLine($"cluster     {cluster}");
        Console.Out.WriteLine($"queries     {addresses.Query}  (POST /APP/predict)");
        Console.Out.WriteLine($"management  {addresses.Management}");
        Console.Out.WriteLine($"metrics     {addresses.Metrics}");
        if (addresses.Prometheus is { } prometheus)
        {
            Console.Out.WriteLine($"prometheus  {prometheus}  (GET /api/v1/query?query=...)");
        }

        Console.Out.WriteLine($"rpc         {addresses.RpcHost}:{addresses.RpcPort}");
        Console.Out.WriteLine($"redis       {addresses.Redis}");
        if (addresses.Grpc is { } grpc)
        {
            Console.Out.WriteLine($"grpc        {grpc}  (Open Inference Protocol, HTTP/2)");
        }
        if (addresses.Query.Scheme == Uri.UriSchemeHttps)
        {
            Console.Out.WriteLine($"tls         HTTPS and TLS for replicas; CA {addresses.TlsCaPath ?? "this machine's CA store"}");
        }
    }

    /// <summary>How the management API checks callers, as its answers said.</summary>
    public static void AdminAccess(string? access) => Console.Out.WriteLine("admin       " + access switch
    {
        "token" => "admin token required beyond loopback (clients of this manager send it)",
        "loopback-only" => "loopback only (the management frontend has no admin token)",
        "insecure" => "INSECURE: any caller, no token (started with --insecure-admin)",
        null => "unknown (the management frontend did not say)",
        _ => access,
    });

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, s_json));

    public static void Json(JsonElement value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, s_json));
}
