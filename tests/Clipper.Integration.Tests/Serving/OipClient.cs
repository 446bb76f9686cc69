using System.Net;
using System.Text;
using System.Text.Json;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Calls of the Open Inference Protocol's REST endpoints on a <see cref="ServingCluster"/>'s query frontend.</summary>
internal static class OipClient
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(ServingCluster cluster, string path)
    {
        var response = await cluster.Http.GetAsync(new Uri($"http://127.0.0.1:{cluster.HttpPort}{path}"));
        return (response.StatusCode, await ReadAsync(response), response);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> InferAsync(
        ServingCluster cluster, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{cluster.HttpPort}{path}"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await cluster.Http.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    /// <summary>An inference request with one FP64 tensor of the given rows.</summary>
    public static string Doubles(string id, params double[][] rows) => JsonSerializer.Serialize(new
    {
        id,
        inputs = new[] { new { name = "x", datatype = "FP64", shape = new[] { rows.Length, rows.Length == 0 ? 0 : rows[0].Length }, data = rows } },
    });

    /// <summary>The output tensor's data of a successful answer.</summary>
    public static string[] Data(JsonElement body) =>
        [.. body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Infers until every row is answered by the model (no default), e.g. while replicas connect.</summary>
    public static async Task<JsonElement> InferUntilServedAsync(ServingCluster cluster, string path, string json)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            var (status, body, _) = await InferAsync(cluster, path, json);
            last = body;
            return status == HttpStatusCode.OK && !body.GetProperty("outputs")[0].TryGetProperty("parameters", out _);
        }, TimeSpan.FromSeconds(30), () => $"last answer: {last}");
        return last;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
