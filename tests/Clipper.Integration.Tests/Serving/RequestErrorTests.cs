using System.Diagnostics;
using System.Net;
using System.Text;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Bad requests get a precise 4xx naming what was wrong, and the frontend keeps serving.</summary>
public sealed class RequestErrorTests : IAsyncLifetime
{
    private ServingCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ServingCluster.StartAsync(options => options.MaxRequestBodyBytes = 4096);
        await _cluster.DeployAsync("app", "sum", "1", "doubles");
        _cluster.StartModel("sum", "sum", "1", "doubles");
        await _cluster.PredictUntilServedAsync("app", """{"input": [1]}""");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Predict_UnknownApp_Answers404NamingTheApp()
    {
        var (status, body, _) = await _cluster.PredictAsync("no-such-app", """{"input": [1]}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no-such-app", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"input\": [1, 2", "Json error")]
    [InlineData("not json", "Json error")]
    [InlineData("{\"input\": \"text\"}", "Query processing error")]
    [InlineData("{\"inputs\": [1]}", "Query processing error")]
    [InlineData("{}", "Query processing error")]
    [InlineData("{\"input_batch\": []}", "Query processing error")]
    [InlineData("{\"input\": [1, \"two\"]}", "Query processing error")]
    public async Task Predict_MalformedOrMistypedBody_Answers400WithErrorAndCause(string json, string error)
    {
        var (status, body, _) = await _cluster.PredictAsync("app", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("cause").GetString()));
    }

    [Fact]
    public async Task Predict_BodyOverTheLimit_Answers413NamingTheLimit()
    {
        var json = "{\"input\": [" + string.Join(",", Enumerable.Repeat("1.0", 2000)) + "]}";

        var (status, body, _) = await _cluster.PredictAsync("app", json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4096", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_ChunkedBodyOverTheLimit_Answers413()
    {
        var json = "{\"input\": [" + string.Join(",", Enumerable.Repeat("1.0", 2000)) + "]}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_cluster.HttpPort}/app/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _cluster.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Predict_AfterBadRequests_StillServesGoodOnes()
    {
        await _cluster.PredictAsync("app", "garbage");
        await _cluster.PredictAsync("missing", "{}");

        var (status, body, _) = await _cluster.PredictAsync("app", """{"input": [2, 3]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5.0, body.GetProperty("output").GetDouble());
    }

    [Fact]
    public async Task Predict_BatchesOverTheFrameLimit_AreSplitAndAnInputTooLargeForAnyFrameIsAnsweredAtOnce()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.MaxFrameBytes = 1024);
        await cluster.DeployAsync("echo-app", "echo", "1", "strings", defaultOutput: "none");
        cluster.StartModel("echo", "echo", "1", "strings");
        await cluster.PredictUntilServedAsync("echo-app", """{"input": "warm"}""");
        var medium = new string('m', 300);

        var (status, body, _) = await cluster.PredictAsync("echo-app", $$"""{"input_batch": ["{{medium}}", "{{medium}}", "{{medium}}", "{{medium}}"]}""");
        var clock = Stopwatch.StartNew();
        var (_, tooLarge, _) = await cluster.PredictAsync("echo-app", $$"""{"input": "{{new string('x', 2000)}}"}""");
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(body.GetProperty("batch_predictions").EnumerateArray(), p => Assert.Equal(medium, p.GetProperty("output").GetString()));
        Assert.True(tooLarge.GetProperty("default").GetBoolean());
        Assert.Contains("MaxFrameBytes", tooLarge.GetProperty("default_explanation").GetString(), StringComparison.Ordinal);

        // At once: due on arrival, long before the app's 5 s objective.
        Latency.AssertAnsweredBy(elapsed, TimeSpan.Zero, "the default answer of an input too large for any frame");
    }
}
