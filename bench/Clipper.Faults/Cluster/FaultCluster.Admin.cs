using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clipper.Faults.Cluster;

/// <summary>The configuration the cluster serves, through the management API, and the wait until the model answers.</summary>
internal sealed partial class FaultCluster
{
    /// <summary>Counts the configuration in Redis (retrying while it is away, up to <paramref name="timeout"/>).</summary>
    public Task<ConfigurationCount> CountConfigurationAsync(TimeSpan timeout) => ConfigurationCounter.CountAsync(Redis, timeout);

    /// <summary>Waits until a prediction is answered by the model, not the default.</summary>
    public async Task WaitServedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var content = new StringContent("""{"input": [1.0]}""", Encoding.UTF8, "application/json");
                using var response = await Http.PostAsync(PredictUrl, content).ConfigureAwait(false);
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}";
                if (last.Contains("\"default\":false", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException)
            {
                last = "no answer within the client's timeout";
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"{ClusterSpec.AppName} was not answered by its model within {timeout.TotalSeconds:0.#} s; last answer: {last}; frontend: {Frontend.Output}");
    }

    private async Task RegisterAsync()
    {
        await AdminAsync("add_app", new
        {
            name = ClusterSpec.AppName,
            input_type = "doubles",
            default_output = "-1.0",
            latency_slo_micros = (long)Spec.Objective.TotalMicroseconds,
        }).ConfigureAwait(false);
        await AdminAsync("add_model", new
        {
            model_name = ClusterSpec.ModelName,
            model_version = "1",
            labels = Array.Empty<string>(),
            input_type = "doubles",
            container_name = "example-sleep",
            model_data_path = "",
            batch_size = Spec.BatchSize,

            // Every query of a fault run carries the same input: a prediction cache would answer them without the model
            // the faults act on.
            cache_bytes = 0,
        }).ConfigureAwait(false);
        await AdminAsync("add_model_links", new { app_name = ClusterSpec.AppName, model_names = new[] { ClusterSpec.ModelName } }).ConfigureAwait(false);
    }

    private async Task AdminAsync(string operation, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri($"http://127.0.0.1:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/admin/{operation}"), content).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"/admin/{operation} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }
}
