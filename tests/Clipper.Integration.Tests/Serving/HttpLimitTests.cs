using System.Net;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// The query frontend's HTTP limits over real TCP: just under each works, just over gets the precise 4xx (or the
/// connection cut), and the frontend keeps serving.
/// </summary>
public sealed class HttpLimitTests(HttpLimitTests.LimitedCluster fixture) : IClassFixture<HttpLimitTests.LimitedCluster>
{
    private ServingCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Predict_BodyAtMaxRequestBodyBytes_IsServedAndOneByteMoreGets413()
    {
        var under = Pad("""{"input": [1, 2]}""", 4096);
        var over = Pad("""{"input": [1, 2]}""", 4097);

        var (okStatus, okBody, _) = await Cluster.PredictAsync("app", under);
        var (status, body, _) = await Cluster.PredictAsync("app", over);

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(3.0, okBody.GetProperty("output").GetDouble());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Request body too large", body.GetProperty("error").GetString());
        Assert.Contains("larger than 4096 bytes (option MaxRequestBodyBytes)", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_BatchAtMaxInputsPerRequest_IsServedAndOneMoreGets400()
    {
        var (okStatus, _, _) = await Cluster.PredictAsync("app", """{"input_batch": [[1], [2], [3], [4]]}""");
        var (status, body, _) = await Cluster.PredictAsync("app", """{"input_batch": [[1], [2], [3], [4], [5]]}""");

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Query processing error", body.GetProperty("error").GetString());
        Assert.Contains("at most 4 inputs (option MaxInputsPerRequest)", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_InputAtMaxInputBytes_IsServedAndOneValueMoreGets400NamingTheInput()
    {
        var (okStatus, _, _) = await Cluster.PredictAsync("app", """{"input_batch": [[1], [1, 2, 3, 4, 5, 6, 7, 8]]}""");
        var (status, body, _) = await Cluster.PredictAsync("app", """{"input_batch": [[1], [1, 2, 3, 4, 5, 6, 7, 8, 9]]}""");

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(
            "Expected \"input_batch[1]\" to be at most 64 bytes in wire form (option MaxInputBytes); got 72 bytes (9 values of 8 bytes) at \"input_batch[1]\"",
            body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_BodyAtMaxJsonDepth_IsServedAndOneLevelMoreGets400()
    {
        var (okStatus, _, _) = await Cluster.PredictAsync("app", """{"input_batch": [[1]]}""");
        var (status, body, _) = await Cluster.PredictAsync("app", """{"input_batch": [[[1]]]}""");

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 3 levels deep (option MaxJsonDepth)", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_HeadersAtMaxRequestHeaderCount_AreServedAndOneMoreGets431()
    {
        // Host, Content-Type and Content-Length, plus the padding headers.
        var atLimit = Enumerable.Range(0, 9).Select(i => $"X-Pad-{i}: {i}").ToArray();
        var overLimit = Enumerable.Range(0, 10).Select(i => $"X-Pad-{i}: {i}").ToArray();

        var ok = await ExchangeOnceAsync(RawHttpConnection.Request("POST", "/app/predict", """{"input": [1, 2]}""", atLimit));
        var refused = await ExchangeOnceAsync(RawHttpConnection.Request("POST", "/app/predict", """{"input": [1, 2]}""", overLimit));

        Assert.Equal(200, ok.Status);
        Assert.Equal(431, refused.Status);
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_HeadersUnderMaxRequestHeadersBytes_AreServedAndLargerOnesGet431()
    {
        var ok = await ExchangeOnceAsync(RawHttpConnection.Request("POST", "/app/predict", """{"input": [1, 2]}""", "X-Pad: " + new string('a', 1900)));
        var refused = await ExchangeOnceAsync(RawHttpConnection.Request("POST", "/app/predict", """{"input": [1, 2]}""", "X-Pad: " + new string('a', 2100)));

        Assert.Equal(200, ok.Status);
        Assert.Equal(431, refused.Status);
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_BodySlowerThanMinRequestBodyRate_IsCutOffWhileOtherClientsAreServed()
    {
        var body = Pad("""{"input": [1, 2]}""", 400);
        await using var slow = await RawHttpConnection.ConnectAsync(Cluster.HttpPort);
        await slow.SendAsync($"POST /app/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        using var stop = new CancellationTokenSource();
        var drip = DripAsync(slow, body, TimeSpan.FromMilliseconds(300), stop.Token);
        var started = DateTime.UtcNow;

        // A normal client on its own connection is served while the slow one trickles.
        await AssertServesAsync();
        var answer = await slow.ReadResponseAsync(TimeSpan.FromSeconds(20));
        var cutAfter = DateTime.UtcNow - started;
        await stop.CancelAsync();
        await drip;

        Assert.True(cutAfter < TimeSpan.FromSeconds(15), $"cut off after {cutAfter}");
        if (answer is not null)
        {
            Assert.Equal(408, answer.Status);
            Assert.Contains("option MinRequestBodyBytesPerSecond", answer.Body, StringComparison.Ordinal);
        }

        Assert.True(await slow.IsClosedAsync(TimeSpan.FromSeconds(10)), "the slow client's connection stayed open");
        await AssertServesAsync();
    }

    [Fact]
    public async Task Predict_HeadersSlowerThanRequestHeadersTimeout_AreCutOff()
    {
        await using var slow = await RawHttpConnection.ConnectAsync(Cluster.HttpPort);
        await slow.SendAsync("POST /app/predict HTTP/1.1\r\nHost: 127.0.0.1\r\n");

        var answer = await slow.ReadResponseAsync(TimeSpan.FromSeconds(15));

        Assert.True(answer is null || answer.Status == 408, $"expected 408 or a close; got {answer}");
        Assert.True(await slow.IsClosedAsync(TimeSpan.FromSeconds(10)), "the connection stayed open");
        await AssertServesAsync();
    }

    internal static string Pad(string json, int length) => json + new string(' ', length - json.Length);

    internal static async Task DripAsync(RawHttpConnection connection, string body, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var c in body)
            {
                await connection.SendAsync(c.ToString());
                await Task.Delay(interval, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Cut off, as expected, or the test is done.
        }
    }

    private async Task<RawHttpResponse> ExchangeOnceAsync(string request)
    {
        await using var connection = await RawHttpConnection.ConnectAsync(Cluster.HttpPort);
        return await connection.ExchangeAsync(request);
    }

    private async Task AssertServesAsync()
    {
        var (status, body, _) = await Cluster.PredictAsync("app", """{"input": [2, 3]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5.0, body.GetProperty("output").GetDouble());
    }

    /// <summary>One cluster for the class: small limits on the query frontend and a model that sums its input.</summary>
    public sealed class LimitedCluster : IAsyncLifetime
    {
        public ServingCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Cluster = await ServingCluster.StartAsync(options =>
            {
                options.MaxRequestBodyBytes = 4096;
                options.MaxInputsPerRequest = 4;
                options.MaxInputBytes = 64;
                options.MaxJsonDepth = 3;
                options.MaxRequestHeaderCount = 12;
                options.MaxRequestHeadersBytes = 2048;
                options.MinRequestBodyBytesPerSecond = 100;
                options.MinRequestBodyRateGracePeriod = TimeSpan.FromSeconds(2);
                options.RequestHeadersTimeout = TimeSpan.FromSeconds(2);
            });
            await Cluster.DeployAsync("app", "sum", "1", "doubles");
            Cluster.StartModel("sum", "sum", "1", "doubles");
            await Cluster.PredictUntilServedAsync("app", """{"input": [1]}""");
        }

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }
}
