using System.Net;
using System.Text;
using System.Text.Json;
using static Clipper.Integration.Tests.Serving.SeveralModelsTests;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Clipper's feedback (<c>POST /{app}/update</c>) teaching the learning policies, over real model processes: "right"
/// answers 1.0 to everything, "wrong" answers the input's sum (0 for [0]), and the label is always 1.
/// </summary>
public sealed class FeedbackTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Exp3_AfterFeedback_SendsAlmostEveryQueryToTheBetterModelEvenAfterARestart()
    {
        await using var cluster = await StartTwoModelsAsync("exp3");

        for (var i = 0; i < 60; i++)
        {
            await FeedbackAsync(cluster, """{"uid": 0, "input": [0], "label": 1.0}""");
        }

        Assert.True(await RightShareAsync(cluster) >= 0.9);

        // The weights are in Redis: a restarted frontend reads them back.
        await cluster.StopFrontendAsync();
        await cluster.StartFrontendAsync();
        await cluster.PredictUntilServedAsync("learner", """{"input": [0]}""");
        await Eventually.TrueAsync(async () => await RightShareAsync(cluster) >= 0.9, s_timeout);
    }

    [Fact]
    public async Task Exp4_AfterFeedback_WeighsTheBetterModelsAnswer()
    {
        await using var cluster = await StartTwoModelsAsync("exp4");
        var before = await cluster.PredictUntilServedAsync("learner", """{"input": [0]}""");
        Assert.Equal(0.5, before.GetProperty("output").GetDouble(), 6);

        for (var i = 0; i < 100; i++)
        {
            await FeedbackAsync(cluster, """{"uid": 7, "input": [0], "label": 1}""");
        }

        var (_, after, _) = await cluster.PredictAsync("learner", """{"input": [0]}""");
        Assert.True(after.GetProperty("output").GetDouble() > 0.99, after.ToString());
        Assert.True(await cluster.CounterAsync("feedback") >= 100);
    }

    [Fact]
    public async Task Feedback_ForAnAppThatDoesNotLearn_IsAcknowledgedAsClipperDid()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("plain", "sum", "1", "doubles");

        var (status, text) = await PostUpdateAsync(cluster, "plain", """{"uid": 0, "input": [1, 2], "label": 3}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Feedback received? 1", text);
    }

    [Theory]
    [InlineData("plain", """{"uid": 0, "input": [1, 2]}""", HttpStatusCode.BadRequest, "label")]
    [InlineData("plain", """{"uid": 0, "input": "text", "label": 1}""", HttpStatusCode.BadRequest, "got a string")]
    [InlineData("plain", """not json""", HttpStatusCode.BadRequest, "Json error")]
    [InlineData("nobody", """{"uid": 0, "input": [1], "label": 1}""", HttpStatusCode.NotFound, "nobody")]
    public async Task Feedback_BadBodyOrUnknownApp_IsRefusedNamingWhatWasWrong(string app, string body, HttpStatusCode expected, string named)
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("plain", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await PostUpdateAsync(cluster, "plain", """{"uid": 0, "input": [1], "label": 1}""")).Status == HttpStatusCode.OK, s_timeout);

        var (status, text) = await PostUpdateAsync(cluster, app, body);

        Assert.Equal(expected, status);
        Assert.Contains(named, text, StringComparison.Ordinal);
    }

    private static async Task<ServingCluster> StartTwoModelsAsync(string policy)
    {
        var cluster = await ServingCluster.StartAsync();
        await AddAppAsync(cluster, "learner");
        await AddModelAsync(cluster, "right", "noop");
        await AddModelAsync(cluster, "wrong", "sum");
        await LinkAsync(cluster, "learner", "right");
        await LinkAsync(cluster, "learner", "wrong");
        await cluster.AdminOkAsync("set_app_policy", JsonSerializer.Serialize(new { app_name = "learner", policy }));
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "right") == 1 && await FaultTests.ReplicaCountAsync(cluster, "wrong") == 1, s_timeout);
        return cluster;
    }

    /// <summary>The share of 500 predictions answered by "right" (1.0 rather than 0).</summary>
    private static async Task<double> RightShareAsync(ServingCluster cluster)
    {
        var batch = "{\"input_batch\": [" + string.Join(", ", Enumerable.Repeat("[0]", 100)) + "]}";
        var right = 0;
        for (var request = 0; request < 5; request++)
        {
            var (_, body, _) = await cluster.PredictAsync("learner", batch);
            right += body.GetProperty("batch_predictions").EnumerateArray().Count(a => !a.GetProperty("default").GetBoolean() && a.GetProperty("output").GetDouble() == 1.0);
        }

        return right / 500.0;
    }

    private static async Task FeedbackAsync(ServingCluster cluster, string body)
    {
        var (status, text) = await PostUpdateAsync(cluster, "learner", body);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {text}");
        Assert.Equal("Feedback received? 1", text);
    }

    private static async Task<(HttpStatusCode Status, string Text)> PostUpdateAsync(ServingCluster cluster, string app, string body)
    {
        using var response = await cluster.Http.PostAsync($"http://127.0.0.1:{cluster.HttpPort}/{app}/update", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
