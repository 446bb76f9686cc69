using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Clipper.Faults.Load;

/// <summary>The saturating rate of a prediction URL: a closed loop (each worker sends its next query when the last is answered) counting the model's answers per second.</summary>
internal static class SaturationProbe
{
    /// <summary>Model answers per second with <paramref name="workers"/> workers over <paramref name="duration"/>.</summary>
    public static async Task<double> MeasureAsync(Uri url, int workers, TimeSpan duration, string body = """{"input": [1.0, 2.0, 3.0, 4.0]}""")
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var payload = Encoding.UTF8.GetBytes(body);
        long answered = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                try
                {
                    using var content = new ByteArrayContent(payload);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync(url, content).ConfigureAwait(false);
                    var text = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    if ((int)response.StatusCode == 200 && AnswerReader.OfSuccess(text).Outcome == Outcome.Model)
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (HttpRequestException)
                {
                    // Counted as nothing answered; the probe only measures what the model answers.
                }
                catch (TaskCanceledException)
                {
                }
            }
        })).ConfigureAwait(false);
        return Interlocked.Read(ref answered) / clock.Elapsed.TotalSeconds;
    }
}
