using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Many clients at once over real TCP (the short form of bench/run-many-clients.sh): a thousand kept-alive
/// connections, all open together, each answered by the model for its own input, twice.
/// </summary>
public sealed class ManyClientsTests
{
    private const int Connections = 1_000;

    // Connects and requests in waves of this many, so that the accept backlog (512) never overflows.
    private const int Wave = 200;

    [Fact]
    public async Task Predict_OnAThousandKeptAliveConnections_EachGetsTheModelsAnswerForItsInput()
    {
        // Both ends of every connection live in this process: say so plainly rather than fail at a random connect.
        var limit = OpenFileLimit();
        Assert.True(limit is null || limit >= 2 * Connections + 500,
            $"this test holds {Connections} connections at both ends in one process and needs an open-file limit of at least {2 * Connections + 500}; ulimit -n is {limit}");

        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles", cacheBytes: 0);
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("sum-app", """{"input": [0]}""");

        var connections = new RawHttpConnection[Connections];
        try
        {
            for (var start = 0; start < Connections; start += Wave)
            {
                var wave = new Task<RawHttpConnection>[Math.Min(Wave, Connections - start)];
                for (var i = 0; i < wave.Length; i++)
                {
                    wave[i] = RawHttpConnection.ConnectAsync(cluster.HttpPort);
                }

                var opened = await Task.WhenAll(wave).WithTimeout();
                opened.CopyTo(connections, start);
            }

            // Every connection is open before the first request; then each is used once, and again, so every
            // one of them must have stayed kept alive through the other 999 requests.
            for (var round = 1; round <= 2; round++)
            {
                for (var start = 0; start < Connections; start += Wave)
                {
                    var answers = new Task<RawHttpResponse>[Math.Min(Wave, Connections - start)];
                    for (var i = 0; i < answers.Length; i++)
                    {
                        answers[i] = connections[start + i].ExchangeAsync(Predict(start + i, round));
                    }

                    var responses = await Task.WhenAll(answers).WithTimeout();
                    for (var i = 0; i < responses.Length; i++)
                    {
                        AssertModelAnswer(responses[i], start + i, round);
                    }
                }
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }
    }

    private static long? OpenFileLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        return soft == "unlimited" ? null : long.Parse(soft, CultureInfo.InvariantCulture);
    }

    private static string Predict(int connection, int round) => RawHttpConnection.Request(
        "POST", "/sum-app/predict", string.Create(CultureInfo.InvariantCulture, $$"""{"input": [{{connection}}, {{round}}]}"""));

    private static void AssertModelAnswer(RawHttpResponse response, int connection, int round)
    {
        var context = $"connection {connection}, round {round}: {response.Head} {response.Body}";
        Assert.True(response.Status == 200, context);
        Assert.DoesNotContain("Connection: close", response.Head, StringComparison.OrdinalIgnoreCase);
        var body = JsonDocument.Parse(response.Body).RootElement;
        Assert.False(body.GetProperty("default").GetBoolean(), context);
        Assert.Equal(connection + round, body.GetProperty("output").GetDouble());
    }
}
