using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary>Several query frontend processes sharing one Python replica: it joins each, and its concurrency holds across them.</summary>
public sealed partial class PythonScaleOutTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Predict_OnePythonReplicaThreeFrontendsUnderLoad_EveryFrontendIsServedAndTheConcurrencyHolds(int concurrency)
    {
        await using var cluster = await FrontendCluster.StartAsync(frontends: 3);
        await using var model = PythonProcess.Start("slow", "slow", "1", "doubles", cluster.Frontends[0].RpcPort, new Dictionary<string, string>
        {
            ["MODEL_SLEEP_SECONDS"] = "0.005",
            ["CLIPPER_CONCURRENCY"] = concurrency.ToString(CultureInfo.InvariantCulture),
        });
        await WaitUntilEachServesAsync(cluster, model);

        var loads = cluster.Frontends.Select(f => PredictLoad.Start(cluster.Http, f.PredictUrl, clients: 4)).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(loads.All(l => l.Served >= 60)), TimeSpan.FromSeconds(60), () => string.Join("\n", loads.Select(l => l.ToString())) + "\n" + model.Output);
        foreach (var load in loads)
        {
            await load.StopAsync(s_timeout);
            Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        }

        var peaks = PeakPattern().Matches(model.Output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(peaks.Count >= 10, $"the model logged {peaks.Count} batches");
        Assert.Equal(concurrency, peaks.Max());
        Assert.Equal(3, WelcomePattern().Matches(model.Output).Select(m => m.Groups[1].Value).Distinct().Count());
    }

    /// <summary>Each frontend answers from the model, and the replica records show the container connected to each.</summary>
    private static async Task WaitUntilEachServesAsync(FrontendCluster cluster, PythonProcess model)
    {
        foreach (var frontend in cluster.Frontends)
        {
            await Eventually.TrueAsync(async () =>
            {
                using var response = await cluster.Http.PostAsync(frontend.PredictUrl, new StringContent("""{"input": [1, 2]}""", Encoding.UTF8, "application/json"));
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return response.IsSuccessStatusCode && !body.RootElement.GetProperty("default").GetBoolean();
            }, s_timeout, () => model.Output);
        }

        await Eventually.TrueAsync(async () => (await cluster.Store.LoadAsync()).Replicas.Count == cluster.Frontends.Count, s_timeout, () => model.Output);
    }

    [GeneratedRegex(@"running \d+, peak (\d+)")]
    private static partial Regex PeakPattern();

    [GeneratedRegex(@"welcomed frontend_id=(\S+) ")]
    private static partial Regex WelcomePattern();
}
