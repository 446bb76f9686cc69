using System.Net.Http.Headers;
using System.Text.Json;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>A frontend's <c>GET /metrics</c> as Clipper's JSON: the path answers Prometheus's text unless JSON is asked for.</summary>
public static class MetricsJson
{
    /// <summary>The header a raw request sends to get the JSON.</summary>
    public const string AcceptHeader = "Accept: application/json";

    /// <summary>The JSON body of <c>GET <paramref name="url"/></c> with <c>Accept: application/json</c>.</summary>
    public static async Task<string> GetStringAsync(HttpClient http, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The parsed JSON of <c>GET <paramref name="url"/></c> with <c>Accept: application/json</c>.</summary>
    public static async Task<JsonElement> GetAsync(HttpClient http, string url)
    {
        using var document = JsonDocument.Parse(await GetStringAsync(http, url));
        return document.RootElement.Clone();
    }
}
