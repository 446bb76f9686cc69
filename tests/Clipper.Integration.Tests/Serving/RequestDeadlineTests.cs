using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Clipper.QueryFrontend.Queries;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A request's own objective (<c>latency_slo_micros</c>, <c>X-Clipper-Deadline-Ms</c>) against a real slow model.</summary>
public sealed class RequestDeadlineTests
{
    private const int ModelSleepMs = 4000;

    [Fact]
    public async Task TighterObjective_InTheBodyOrAHeader_IsAnsweredByDefaultAtItsOwnDeadline()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("patient", "slow", "1", "doubles", sloMicros: 30_000_000, batchSize: 1, defaultOutput: "-1", cacheBytes: 0);
        cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", ModelSleepMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cluster.PredictUntilServedAsync("patient", """{"input": [1]}""");

        var (bodyStatus, bodyAnswer, bodyElapsed) = await PredictAsync(cluster, "patient", """{"input": [1], "latency_slo_micros": 200000}""", header: null);
        var (headerStatus, headerAnswer, headerElapsed) = await PredictAsync(cluster, "patient", """{"input": [2]}""", header: "200");

        foreach (var (status, answer, elapsed) in new[] { (bodyStatus, bodyAnswer, bodyElapsed), (headerStatus, headerAnswer, headerElapsed) })
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(answer.GetProperty("default").GetBoolean(), answer.ToString());
            Assert.Equal(DefaultExplanations.ObjectiveMissed, answer.GetProperty("default_explanation").GetString());

            // The model takes 4 s and the application allows 30 s: only the request's own deadline answers this early.
            Assert.True(elapsed < TimeSpan.FromMilliseconds(ModelSleepMs), $"answered after {elapsed}");
        }
    }

    [Fact]
    public async Task LooserObjective_IsHeldToTheApplications()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("patient", "slow", "1", "doubles", sloMicros: 30_000_000, batchSize: 1, defaultOutput: "-1", cacheBytes: 0);
        await cluster.AdminOkAsync("add_app", """{"name": "hasty", "input_type": "doubles", "default_output": "-2", "latency_slo_micros": 300000}""");
        await cluster.AdminOkAsync("add_model_links", """{"app_name": "hasty", "model_names": ["slow"]}""");
        cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "2000");
        await cluster.PredictUntilServedAsync("patient", """{"input": [1]}""");

        var (status, answer, _) = await PredictAsync(cluster, "hasty", """{"input": [1], "latency_slo_micros": 60000000}""", header: "60000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-2, answer.GetProperty("output").GetInt32());
        Assert.Equal(DefaultExplanations.ObjectiveMissed, answer.GetProperty("default_explanation").GetString());
    }

    [Theory]
    [InlineData("""{"input": [1], "latency_slo_micros": -1}""", null, "Expected \"latency_slo_micros\" to be a positive whole number of microseconds")]
    [InlineData("""{"input": [1], "latency_slo_micros": "fast"}""", null, "got a string at \"latency_slo_micros\"")]
    [InlineData("""{"input": [1]}""", "0", "Expected the X-Clipper-Deadline-Ms header to be one positive whole number of milliseconds")]
    [InlineData("""{"input": [1]}""", "1.5", "got \"1.5\"")]
    public async Task BadObjective_IsA400NamingIt(string body, string? header, string expected)
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "m", "1", "doubles");
        await Eventually.TrueAsync(async () => (await cluster.PredictAsync("app", """{"input": [1]}""")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20));

        var (status, answer, _) = await PredictAsync(cluster, "app", body, header);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Query processing error", answer.GetProperty("error").GetString());
        Assert.Contains(expected, answer.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed)> PredictAsync(ServingCluster cluster, string app, string json, string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{cluster.HttpPort}/{app}/predict")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Clipper-Deadline-Ms", header);
        }

        var watch = Stopwatch.StartNew();
        using var response = await cluster.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), watch.Elapsed);
    }
}
