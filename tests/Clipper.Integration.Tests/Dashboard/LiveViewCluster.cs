using System.Text;
using Clipper.Admin.Monitoring;
using Clipper.Integration.Tests.Admin;

namespace Clipper.Integration.Tests.Dashboard;

/// <summary>
/// A local cluster for the live views' tests: app <c>adder</c> linked to the example model <c>sum:1</c> (one replica), and
/// app <c>orphan</c> linked to nothing, so its queries are answered with its default output.
/// </summary>
public sealed class LiveViewCluster : IAsyncLifetime
{
    public LocalClusterScope Scope { get; } = new();

    public Uri Query => Scope.Connection.GetQueryAddress();

    public Uri Management => Scope.Connection.GetAdminAddress();

    public async Task InitializeAsync()
    {
        await Scope.StartAsync();
        await Scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 2_000_000);
        await Scope.Connection.RegisterApplicationAsync("orphan", "doubles", "0.5", 100_000);
        await Scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"), replicas: 1);
        await Scope.Connection.LinkModelToAppAsync("adder", "sum");
        await LocalClusterScope.AnswersAsync(Query, "[1, 2]", "3");
    }

    public async Task DisposeAsync() => await Scope.DisposeAsync();

    /// <summary>Sends <paramref name="count"/> predictions of <c>[1, 2, 3]</c> to <paramref name="app"/>, each answered 200.</summary>
    public async Task PredictAsync(string app, int count)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < count; i++)
        {
            using var response = await http.PostAsync(new Uri(Query, app + "/predict"), new StringContent("{\"input\": [1, 2, 3]}", Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, $"{app}/predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The app's counters now, read from the query frontend's own JSON metrics (the publication lags up to a second).</summary>
    public async Task<AppCounters> LiveAsync(string app)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Query, "metrics"));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request);
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return AppCountersJson.Read(document.RootElement.GetProperty("apps")).GetValueOrDefault(app) ?? AppCounters.Empty;
    }

    /// <summary>The app's counters as the frontends published them with their leases (about a second old).</summary>
    public async Task<AppCounters> PublishedAsync(string app)
    {
        var frontends = await Scope.Connection.GetQueryFrontendsAsync();
        return AppCountersJson.Sum(frontends.Select(frontend => frontend.Apps)).GetValueOrDefault(app) ?? AppCounters.Empty;
    }

    /// <summary>Waits until the published counters of <paramref name="app"/> answered <paramref name="answered"/> queries in all.</summary>
    public async Task<AppCounters> WaitForAnsweredAsync(string app, long answered)
    {
        var last = AppCounters.Empty;
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                last = await PublishedAsync(app);
                return last.AnsweredByModel + last.DefaultCount == answered;
            },
            TimeSpan.FromSeconds(20),
            () => $"published for {app}: {last.AnsweredByModel} by the model, defaults {string.Join(", ", last.Defaults)}");
        return last;
    }
}
