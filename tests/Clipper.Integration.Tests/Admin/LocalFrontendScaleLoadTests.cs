using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// A local cluster's frontends scaled 1 → 3 → 1 while clients keep sending through the shared query
/// port: nothing is lost, and every frontend serves from the model while it is up.
/// </summary>
public sealed class LocalFrontendScaleLoadTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ScaleFrontendsAsync_OneToThreeToOneUnderLoad_LosesNoAnswerAndEveryFrontendServesFromTheModel()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync().WaitAsync(s_timeout);
        var connection = scope.Connection;
        await connection.RegisterApplicationAsync("adder", "doubles", "-1", 10_000_000).WaitAsync(s_timeout);
        var sleep = new Clipper.ContainerManagers.ModelArtifact([.. LocalClusterScope.ClipperCommand, "example-model", "sleep", "--sleep-ms", "2"]);
        await connection.DeployModelAsync("slow", "1", "doubles", sleep, replicas: 2).WaitAsync(s_timeout);
        await connection.LinkModelToAppAsync("adder", "slow").WaitAsync(s_timeout);
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2]", "1.0");

        // Connections are recycled often, so the kernel spreads the clients over every frontend of the
        // shared port as they come and go; a stopping frontend closes kept-alive ones after an answer.
        using var shared = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMilliseconds(300) }) { Timeout = s_timeout };
        await using var load = PredictLoad.Start(shared, new Uri(addresses.Query, "adder/predict"), clients: 12);
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= 100), s_timeout, load.ToString);

        var three = await connection.ScaleFrontendsAsync(3).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(3, three.Count);
        await Eventually.TrueAsync(async () => (await connection.GetQueryFrontendsAsync()).All(f => f.Replicas.GetValueOrDefault("slow:1") == 2), s_timeout);
        using var own = new HttpClient { Timeout = s_timeout };
        var answered = Array.Empty<long>();
        await Eventually.TrueAsync(
            async () => (answered = await AnsweredByModelAsync(own, three.Select(f => f.HttpAddress))).All(n => n >= 20),
            s_timeout,
            () => "answered by the model, per frontend: " + string.Join(", ", answered));

        var one = await connection.ScaleFrontendsAsync(1).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Single(one);
        var servedAfter = load.Served;
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= servedAfter + 200), s_timeout, load.ToString);
        await load.StopAsync(s_timeout);

        Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
    }

    private static async Task<long[]> AnsweredByModelAsync(HttpClient http, IEnumerable<Uri> frontends)
    {
        var answered = new List<long>();
        foreach (var frontend in frontends)
        {
            using var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(http, new Uri(frontend, "metrics").ToString()));
            answered.Add(metrics.RootElement.GetProperty("counters").GetProperty("answered_by_model").GetInt64());
        }

        return [.. answered];
    }
}
