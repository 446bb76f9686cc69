using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A query frontend process asked to stop (SIGTERM) while it serves: it drains instead of dropping work.</summary>
public sealed class FrontendDrainTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Drain_FrontendStoppedUnderLoad_AnswersEveryHeldRequestFromTheModelAndExits0()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:");
        using var http = new HttpClient { Timeout = s_timeout };
        await AdminAsync(http, management, "add_app", new { name = "app", input_type = "doubles", default_output = "-1", latency_slo_micros = 20_000_000 });
        await AdminAsync(http, management, "add_model", new { model_name = "slow", model_version = "1", labels = Array.Empty<string>(), input_type = "doubles", container_name = "example", model_data_path = "", batch_size = 2, cache_bytes = 0 });
        await AdminAsync(http, management, "add_model_links", new { app_name = "app", model_names = new[] { "slow" } });
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http);
        await using var first = ModelProcess.Start("sleep", "slow", "1", "doubles", frontend.RpcPort, "--sleep-ms", "400");
        await using var second = ModelProcess.Start("sleep", "slow", "1", "doubles", frontend.RpcPort, "--sleep-ms", "400");
        await Eventually.TrueAsync(async () => (await PredictAsync(http, frontend)).Served, s_timeout, () => frontend.Output + first.Output);

        // Load: clients send back to back until told to stop, then every request they sent must come back answered by the model.
        using var stopSending = new CancellationTokenSource();
        var outstanding = 0;
        var clients = Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            var outcomes = new List<(bool Served, string Detail)>();
            while (!stopSending.IsCancellationRequested)
            {
                Interlocked.Increment(ref outstanding);
                try
                {
                    outcomes.Add(await PredictAsync(http, frontend));
                }
                catch (HttpRequestException ex)
                {
                    outcomes.Add((false, "no answer: " + ex.Message));
                }
                finally
                {
                    Interlocked.Decrement(ref outstanding);
                }
            }

            return outcomes;
        })).ToArray();
        var sentBefore = (await frontend.MetricsAsync(http)).GetProperty("counters").GetProperty("sent_to_replicas").GetInt64();
        await Eventually.TrueAsync(async () => (await frontend.MetricsAsync(http)).GetProperty("counters").GetProperty("sent_to_replicas").GetInt64() >= sentBefore + 24, s_timeout);

        // Stop sending, and wait until the frontend holds every request still on its way (so each was accepted before the signal).
        await stopSending.CancelAsync();
        long inProgress = 0;
        await Eventually.TrueAsync(async () =>
        {
            inProgress = (await frontend.MetricsAsync(http)).GetProperty("gauges").GetProperty("requests_in_progress").GetInt64();
            return inProgress == Volatile.Read(ref outstanding);
        }, s_timeout, () => $"frontend holds {inProgress}, clients wait for {Volatile.Read(ref outstanding)}");
        Assert.True(inProgress >= 4, $"only {inProgress} requests were in flight at the signal; the test needs a frontend under load");

        var stopped = Stopwatch.StartNew();
        var exitCode = await frontend.TerminateAsync(s_timeout);
        var outcomes = (await Task.WhenAll(clients).WaitAsync(s_timeout)).SelectMany(o => o).ToList();

        Assert.True(exitCode == 0, $"exit code {exitCode}: {frontend.Output}");
        var failed = outcomes.Where(o => !o.Served).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {outcomes.Count} requests were not answered by the model: {string.Join("; ", failed.Take(5).Select(f => f.Detail))}");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(20), $"the drain took {stopped.Elapsed}");

        // The containers were told why the frontend went away.
        await Eventually.TrueAsync(() => Task.FromResult(first.Output.Contains("the query frontend is stopping", StringComparison.Ordinal)), s_timeout, () => first.Output);
        Assert.Contains("the query frontend is stopping", second.Output, StringComparison.Ordinal);
    }

    private static async Task<(bool Served, string Detail)> PredictAsync(HttpClient http, FrontendProcess frontend)
    {
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{frontend.HttpPort}/app/predict"), new StringContent("""{"input": [1, 2]}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (false, $"{(int)response.StatusCode}: {text}");
        }

        using var body = JsonDocument.Parse(text);
        return (!body.RootElement.GetProperty("default").GetBoolean(), text);
    }

    private static async Task AdminAsync(HttpClient http, ManagementFrontendHost management, string path, object body)
    {
        using var response = await http.PostAsync(new Uri(management.BaseAddress, "admin/" + path), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"/admin/{path}: {await response.Content.ReadAsStringAsync()}");
    }
}
