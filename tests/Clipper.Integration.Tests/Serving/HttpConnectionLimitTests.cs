using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>The query frontend's connection limit over real TCP: past it a connection is answered 503 and closed; once one closes, new ones are served.</summary>
public sealed class HttpConnectionLimitTests : IAsyncLifetime
{
    private const int MaxConnections = 3;
    private ServingCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ServingCluster.StartAsync(options => options.MaxConcurrentConnections = MaxConnections);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Connect_PastMaxConcurrentConnections_Gets503AndCloseUntilOneCloses()
    {
        // No request reached this frontend before: these are its only HTTP connections.
        var open = new List<RawHttpConnection>();
        try
        {
            for (var i = 0; i < MaxConnections; i++)
            {
                var connection = await RawHttpConnection.ConnectAsync(_cluster.HttpPort);
                open.Add(connection);
                Assert.Equal(200, (await connection.ExchangeAsync(RawHttpConnection.Request("GET", "/ready", null))).Status);
            }

            await using (var refused = await RawHttpConnection.ConnectAsync(_cluster.HttpPort))
            {
                var answer = await refused.ReadResponseAsync(TestTimeouts.Default);

                Assert.NotNull(answer);
                Assert.Equal(503, answer.Status);
                Assert.Contains("Retry-After: 1", answer.Head, StringComparison.Ordinal);
                var body = JsonDocument.Parse(answer.Body).RootElement;
                Assert.Equal("Too many connections", body.GetProperty("error").GetString());
                Assert.Contains($"maximum of {MaxConnections} open HTTP connections (option MaxConcurrentConnections)", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
                Assert.True(await refused.IsClosedAsync(TestTimeouts.Default));
            }

            // The kept-alive connections still work, and once one closes a new connection is served.
            Assert.Equal(200, (await open[1].ExchangeAsync(RawHttpConnection.Request("GET", "/ready", null))).Status);
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            RawHttpResponse? metrics = null;
            await Eventually.TrueAsync(async () =>
            {
                await using var next = await RawHttpConnection.ConnectAsync(_cluster.HttpPort);
                metrics = await next.ExchangeAsync(RawHttpConnection.Request("GET", "/metrics", null, MetricsJson.AcceptHeader));
                return metrics.Status == 200;
            }, TestTimeouts.Default);
            var counters = JsonDocument.Parse(metrics!.Body).RootElement.GetProperty("counters");
            Assert.True(counters.GetProperty("refused_connections").GetInt64() >= 1, metrics.Body);
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
