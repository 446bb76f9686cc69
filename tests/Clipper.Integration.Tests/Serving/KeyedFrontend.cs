using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Clipper.Configuration;
using Clipper.Configuration.Watching;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.QueryFrontend.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Clipper.Integration.Tests.Serving;

/// <summary>What the API key tests do to a running query frontend: predict with headers, and change the configuration then wait until the frontend follows.</summary>
internal static class KeyedFrontend
{
    /// <summary>POSTs a prediction with extra headers (sent without validation, as a client may send them).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PredictAsync(
        HttpClient http, int httpPort, string app, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{httpPort}/{app}/predict")
        {
            Content = new StringContent("""{"input": [3, 4]}""", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await http.SendAsync(request).WithTimeout();
        var text = await response.Content.ReadAsStringAsync().WithTimeout();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>
    /// Makes a change and returns once the frontend's watcher delivered a snapshot that satisfies <paramref name="applied"/>,
    /// with the time that took. The frontend's routing follows the watcher from its first subscription, so by the time this
    /// later subscriber hears of the snapshot, the frontend routes with it. Only snapshots after the change count.
    /// </summary>
    public static async Task<TimeSpan> ChangeAndWaitAsync(QueryFrontendServer frontend, Func<Task> change, Func<ClusterConfiguration, bool> applied)
    {
        var watcher = frontend.Services.GetRequiredService<ConfigurationWatcher>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ClusterConfiguration snapshot)
        {
            if (applied(snapshot))
            {
                seen.TrySetResult();
            }
        }

        watcher.Changed += OnChanged;
        try
        {
            var stopwatch = Stopwatch.StartNew();
            await change().WithTimeout();
            await seen.Task.WithTimeout();
            return stopwatch.Elapsed;
        }
        finally
        {
            watcher.Changed -= OnChanged;
        }
    }

    /// <summary>Whether the frontend's snapshot holds the application with a key requirement of <paramref name="required"/> and exactly these key ids.</summary>
    public static bool HasKeys(ClusterConfiguration snapshot, string app, bool required, params string[] keyIds) =>
        snapshot.TryGetApplication(app, out var record)
        && record.RequireKey == required
        && record.ApiKeys.Select(k => k.KeyId).Order(StringComparer.Ordinal).SequenceEqual(keyIds.Order(StringComparer.Ordinal));
}
