using System.Net;
using System.Text;
using System.Text.Json;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Closed-loop clients sending predictions to one URL back to back until stopped, recording each
/// outcome: answered by the model, answered with the default, or failed (no 200).
/// </summary>
public sealed class PredictLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;
    private readonly List<string> _failures = [];
    private long _served;
    private long _defaults;

    private PredictLoad(HttpClient http, Uri url, int clients)
    {
        Url = url;
        _clients = [.. Enumerable.Range(0, clients).Select(_ => Task.Run(() => RunClientAsync(http)))];
    }

    public Uri Url { get; }

    /// <summary>Answers from the model so far.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Answers with the default output so far.</summary>
    public long Defaults => Interlocked.Read(ref _defaults);

    /// <summary>Requests without a 200 answer, each with what came back instead.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Starts <paramref name="clients"/> clients posting one input each to <paramref name="url"/>.</summary>
    public static PredictLoad Start(HttpClient http, Uri url, int clients) => new(http, url, clients);

    /// <summary>Stops sending and waits for every request in flight to come back.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients).WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(60));
        _stop.Dispose();
    }

    public override string ToString() => $"{Url}: {Served} served, {Defaults} defaults, {Failures.Count} failed ({string.Join("; ", Failures.Take(3))})";

    private async Task RunClientAsync(HttpClient http)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.PostAsync(Url, new StringContent("""{"input": [1, 2]}""", Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Fail($"{(int)response.StatusCode}: {text}");
                    continue;
                }

                using var body = JsonDocument.Parse(text);
                Interlocked.Increment(ref body.RootElement.GetProperty("default").GetBoolean() ? ref _defaults : ref _served);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Fail("no answer: " + ex.Message);
            }
        }
    }

    private void Fail(string what)
    {
        lock (_failures)
        {
            _failures.Add(what);
        }
    }
}
