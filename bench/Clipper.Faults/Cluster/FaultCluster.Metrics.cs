using System.Globalization;

namespace Clipper.Faults.Cluster;

/// <summary>What the query frontend says about itself.</summary>
internal sealed partial class FaultCluster
{
    /// <summary>The frontend's <c>GET /metrics</c>, or null when it does not answer (down, restarting).</summary>
    public async Task<FrontendMetrics?> MetricsAsync()
    {
        try
        {
            // The path answers Prometheus's text unless the request asks for Clipper's JSON.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/metrics"));
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await Http.SendAsync(request).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return FrontendMetrics.Parse(json);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Queries answered per connected container id (empty when the frontend does not answer).</summary>
    public async Task<IReadOnlyDictionary<string, long>> AnsweredByReplicaAsync() =>
        (await MetricsAsync().ConfigureAwait(false))?.Answered ?? new Dictionary<string, long>();

    /// <summary>How many replicas the frontend counts as connected (-1 when it does not answer).</summary>
    public async Task<int> ConnectedReplicasAsync() => (await MetricsAsync().ConfigureAwait(false))?.ContainerIds.Count ?? -1;

    /// <summary>Waits until the number of connected replicas meets <paramref name="condition"/>; returns how long it took, or null on timeout.</summary>
    public async Task<TimeSpan?> WaitConnectedReplicasAsync(Func<int, bool> condition, TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < timeout)
        {
            if (condition(await ConnectedReplicasAsync().ConfigureAwait(false)))
            {
                return DateTime.UtcNow - started;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return null;
    }
}
