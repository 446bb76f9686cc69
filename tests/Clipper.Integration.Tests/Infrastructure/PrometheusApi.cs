using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>Reads a cluster's Prometheus through its own HTTP API (<c>/api/v1/query</c>, <c>/api/v1/targets</c>), as an operator's dashboard would.</summary>
public sealed class PrometheusApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _address;

    public PrometheusApi(Uri address, HttpMessageHandler? handler = null)
    {
        _address = address;
        _http = handler is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(10) } : new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The value of an instant query that answers one sample; null when it answers none.</summary>
    public async Task<double?> ScalarAsync(string query)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_address, "api/v1/query?query=" + Uri.EscapeDataString(query))));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Every active target: its job, its address and its health (<c>up</c>, <c>down</c>, <c>unknown</c>) with the last error.</summary>
    public async Task<IReadOnlyList<(string Job, string Instance, string Health, string Error)>> TargetsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_address, "api/v1/targets?state=active")));
        var targets = new List<(string, string, string, string)>();
        foreach (var target in document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
        {
            var labels = target.GetProperty("labels");
            targets.Add((labels.GetProperty("job").GetString()!, labels.GetProperty("instance").GetString()!, target.GetProperty("health").GetString()!, target.GetProperty("lastError").GetString() ?? ""));
        }

        return targets;
    }

    /// <summary>Waits until <paramref name="query"/> answers exactly <paramref name="expected"/>.</summary>
    public async Task WaitForAsync(string query, double expected, TimeSpan timeout)
    {
        double? last = null;
        await Eventually.TrueAsync(async () => (last = await ScalarAsync(query)) == expected, timeout, () => $"{query} = {last?.ToString(CultureInfo.InvariantCulture) ?? "(no sample)"}, expected {expected}; targets: {string.Join("; ", TargetsAsync().GetAwaiter().GetResult())}");
    }

    /// <summary>Waits until Prometheus has exactly <paramref name="query"/> query-frontend targets and one management target, every one up.</summary>
    public async Task WaitForTargetsUpAsync(int query, TimeSpan timeout)
    {
        IReadOnlyList<(string Job, string Instance, string Health, string Error)> last = [];
        await Eventually.TrueAsync(
            async () =>
            {
                last = await TargetsAsync();
                return last.Count(t => t.Job == "clipper-query") == query && last.Count(t => t.Job == "clipper-management") == 1 && last.All(t => t.Health == "up");
            },
            timeout,
            () => "targets: " + string.Join("; ", last));
    }

    public void Dispose() => _http.Dispose();
}
