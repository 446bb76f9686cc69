using System.Net;
using System.Text;
using System.Text.Json;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Applications with several models (split, sticky keys, shadows, ensembles) over real model processes with known answers.</summary>
public sealed class SeveralModelsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Split_TenThousandQueries_FollowTheWeights()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await AddAppAsync(cluster, "ab");
        await AddModelAsync(cluster, "one", "noop");
        await AddModelAsync(cluster, "five", "sum");
        await LinkAsync(cluster, "ab", "one", weight: 3);
        await LinkAsync(cluster, "ab", "five", weight: 1);
        await WaitServedAsync(cluster, "ab", 2);

        var ones = 0;
        var fives = 0;
        var batch = "{\"input_batch\": [" + string.Join(", ", Enumerable.Repeat("[5]", 100)) + "]}";
        for (var request = 0; request < 100; request++)
        {
            var (status, body, _) = await cluster.PredictAsync("ab", batch);
            Assert.Equal(HttpStatusCode.OK, status);
            foreach (var answer in body.GetProperty("batch_predictions").EnumerateArray())
            {
                Assert.False(answer.GetProperty("default").GetBoolean(), answer.ToString());
                _ = answer.GetProperty("output").GetDouble() == 1.0 ? ones++ : fives++;
            }
        }

        // 7,500 expected, with a standard deviation of about 43: 300 either way is seven of them.
        Assert.InRange(ones, 7_200, 7_800);
        Assert.Equal(10_000, ones + fives);
    }

    [Fact]
    public async Task Split_WithARoutingKey_SendsEachKeyToOneModel()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await AddAppAsync(cluster, "ab");
        await AddModelAsync(cluster, "one", "noop");
        await AddModelAsync(cluster, "five", "sum");
        await LinkAsync(cluster, "ab", "one", weight: 1);
        await LinkAsync(cluster, "ab", "five", weight: 1);
        await WaitServedAsync(cluster, "ab", 2);

        var seen = new HashSet<double>();
        for (var key = 0; key < 40; key++)
        {
            var outputs = new HashSet<double>();
            for (var repeat = 0; repeat < 5; repeat++)
            {
                var body = await PredictWithKeyAsync(cluster, "ab", "{\"input\": [5, " + repeat + "]}", "user-" + key);
                outputs.Add(body.GetProperty("output").GetDouble() == 1.0 ? 1.0 : 5.0);
            }

            Assert.Single(outputs);
            seen.UnionWith(outputs);
        }

        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task Shadow_IsComparedButNeverAnswers()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await AddAppAsync(cluster, "app");
        await AddModelAsync(cluster, "served", "noop");
        await AddModelAsync(cluster, "twin", "noop");
        await AddModelAsync(cluster, "rival", "sum");
        await LinkAsync(cluster, "app", "served", weight: 1);
        await LinkAsync(cluster, "app", "twin", shadowPercent: 100);
        await LinkAsync(cluster, "app", "rival", shadowPercent: 100);
        await WaitServedAsync(cluster, "app", 1);
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "twin") == 1 && await FaultTests.ReplicaCountAsync(cluster, "rival") == 1, s_timeout);
        var before = await cluster.MetricsAsync();

        for (var i = 0; i < 20; i++)
        {
            var (_, body, _) = await cluster.PredictAsync("app", "{\"input\": [5, " + i + "]}");
            Assert.Equal("1.0", body.GetProperty("output").GetRawText());
        }

        // Shadow answers are compared after the answers were sent, the warm-up's too (some may land after "before" was
        // read): wait for at least the twenty of each shadow, each on its side.
        await Eventually.TrueAsync(
            async () =>
            {
                var after = await cluster.MetricsAsync();
                return Delta(after, before, "shadow:agreed") >= 20 && Delta(after, before, "shadow:disagreed") >= 20;
            },
            s_timeout,
            () => "before: " + before);
        Assert.True(Compared(await cluster.MetricsAsync()) - Compared(before) >= 40);
    }

    [Fact]
    public async Task Ensemble_AtTheDeadline_CombinesTheAnswersThatArrivedAndNamesTheStraggler()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await AddAppAsync(cluster, "vote", sloMicros: 20_000_000);
        await AddModelAsync(cluster, "left", "sum");
        await AddModelAsync(cluster, "right", "noop");
        await AddModelAsync(cluster, "late", "sleep", "--sleep-ms", "3000");
        foreach (var model in new[] { "left", "right", "late" })
        {
            await LinkAsync(cluster, "vote", model, weight: 1);
        }

        await cluster.AdminOkAsync("set_app_policy", """{"app_name": "vote", "policy": "ensemble"}""");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "late") == 1, s_timeout);
        var all = await PredictUntilAsync(cluster, "vote", """{"input": [2, 1]}""", b => !b.TryGetProperty("models_missed", out _));

        // Every model answered: the mean of 3, 1.0 and 1.0.
        Assert.True(all.GetProperty("output").ValueKind == JsonValueKind.Number, all.ToString());
        Assert.Equal(5.0 / 3, all.GetProperty("output").GetDouble(), 9);

        var (status, body, _) = await PredictWithDeadlineAsync(cluster, "vote", """{"input": [4, 4], "latency_slo_micros": 1000000}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("default").GetBoolean(), body.ToString());
        Assert.True(body.GetProperty("output").ValueKind == JsonValueKind.Number, body.ToString());
        Assert.Equal(4.5, body.GetProperty("output").GetDouble(), 9);
        Assert.Equal(["late"], body.GetProperty("models_missed").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private static long Delta(JsonElement after, JsonElement before, string counter) =>
        after.GetProperty(counter).GetInt64() - before.GetProperty(counter).GetInt64();

    private static long Compared(JsonElement counters) =>
        counters.GetProperty("shadow:agreed").GetInt64() + counters.GetProperty("shadow:disagreed").GetInt64() + counters.GetProperty("shadow:missed").GetInt64();

    internal static Task AddAppAsync(ServingCluster cluster, string app, long sloMicros = 5_000_000) =>
        cluster.AdminOkAsync("add_app", JsonSerializer.Serialize(new { name = app, input_type = "doubles", default_output = "-1", latency_slo_micros = sloMicros }));

    internal static async Task AddModelAsync(ServingCluster cluster, string model, string kind, params string[] extraArgs)
    {
        await cluster.AdminOkAsync("add_model", JsonSerializer.Serialize(new
        {
            model_name = model, model_version = "1", labels = Array.Empty<string>(), input_type = "doubles",
            container_name = "example", model_data_path = "", batch_size = -1,
        }));
        cluster.StartModel(kind, model, "1", "doubles", extraArgs);
    }

    internal static Task LinkAsync(ServingCluster cluster, string app, string model, int weight = 1, int shadowPercent = 0) =>
        cluster.AdminOkAsync("set_model_link", JsonSerializer.Serialize(new { app_name = app, model_name = model, weight, shadow_percent = shadowPercent }));

    /// <summary>Waits until <paramref name="models"/> distinct model answers came back for the app (every served model connected).</summary>
    internal static async Task WaitServedAsync(ServingCluster cluster, string app, int models)
    {
        var outputs = new HashSet<string>();
        await Eventually.TrueAsync(async () =>
        {
            var (_, body, _) = await cluster.PredictAsync(app, "{\"input\": [5]}");
            if (body.TryGetProperty("default", out var d) && !d.GetBoolean())
            {
                outputs.Add(body.GetProperty("output").GetRawText());
            }

            return outputs.Count == models;
        }, s_timeout, () => "answers so far: " + string.Join(", ", outputs));
    }

    private static async Task<JsonElement> PredictUntilAsync(ServingCluster cluster, string app, string json, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            var (_, body, _) = await cluster.PredictAsync(app, json);
            last = body;
            return !body.GetProperty("default").GetBoolean() && done(body);
        }, s_timeout, () => "last answer: " + last);
        return last;
    }

    private static async Task<JsonElement> PredictWithKeyAsync(ServingCluster cluster, string app, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{cluster.HttpPort}/{app}/predict") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Clipper-Key", key);
        using var response = await cluster.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.False(body.GetProperty("default").GetBoolean(), body.ToString());
        return body;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PredictWithDeadlineAsync(ServingCluster cluster, string app, string json) =>
        cluster.PredictAsync(app, json);
}
