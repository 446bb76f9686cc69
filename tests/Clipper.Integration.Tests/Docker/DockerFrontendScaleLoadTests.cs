using System.Diagnostics;
using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Serving;
using Xunit.Abstractions;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// Query frontends scaled 1 → 2 → 1 on Docker while clients keep sending through the first frontend's published
/// port: the added frontend serves from the model within a bounded time, and the load loses nothing.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerFrontendScaleLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    // From the scale call's return: the replica learns the new frontend within a lease renewal and connects.
    private static readonly TimeSpan s_servesWithin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ScaleFrontendsAsync_OneToTwoAndBackUnderLoad_NewFrontendServesFromTheModelAndTheLoadLosesNothing()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync();
        var connection = scope.Connection;
        var sleep = ModelArtifact.OfClipper("example-model", "sleep", "--sleep-ms", "2", "--concurrency", "2");
        await connection.DeployModelAsync("slow", "1", "doubles", sleep, replicas: 1).WaitAsync(s_timeout);
        await scope.RegisterAdderAsync("slow").WaitAsync(s_timeout);
        await Admin.LocalClusterScope.AnswersAsync(addresses.Query, "[1, 2]", "1.0");

        using var first = new HttpClient { Timeout = s_timeout };
        await using var load = PredictLoad.Start(first, new Uri(addresses.Query, "adder/predict"), clients: 8);
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= 100), s_timeout, load.ToString);

        var scaling = Stopwatch.StartNew();
        var two = await connection.ScaleFrontendsAsync(2).WaitAsync(s_timeout);
        var scaledUp = scaling.Elapsed;
        Assert.Equal(2, two.Count);
        var added = Assert.Single(await scope.Manager.GetQueryFrontendsAsync().WaitAsync(s_timeout), a => a != addresses.Query);
        Assert.Equal(two[1].HttpAddress, added);

        // The new frontend answers from the model, not with the default, soon after it holds its lease.
        using var second = new HttpClient { Timeout = s_timeout };
        var defaultsBefore = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                if (await AnswersFromTheModelAsync(second, added))
                {
                    return true;
                }

                defaultsBefore++;
                return false;
            },
            s_servesWithin,
            () => $"{added} answered {defaultsBefore} defaults, no model answer; load: {load}");
        var firstModelAnswer = scaling.Elapsed - scaledUp;
        await Eventually.TrueAsync(async () => (await connection.GetQueryFrontendsAsync()).All(f => f.Replicas.GetValueOrDefault("slow:1") == 1), s_timeout);
        await using (var addedLoad = PredictLoad.Start(second, new Uri(added, "adder/predict"), clients: 4))
        {
            await Eventually.TrueAsync(() => Task.FromResult(addedLoad.Served >= 100), s_timeout, addedLoad.ToString);
            await addedLoad.StopAsync(s_timeout);
            Assert.True(addedLoad.Failures.Count == 0 && addedLoad.Defaults == 0, addedLoad.ToString());
        }

        var servedAtTwo = load.Served;
        scaling.Restart();
        var one = await connection.ScaleFrontendsAsync(1).WaitAsync(s_timeout);
        var scaledDown = scaling.Elapsed;
        Assert.Equal([addresses.Query], one.Select(f => f.HttpAddress));
        var servedAfter = load.Served;
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= servedAfter + 200), s_timeout, load.ToString);
        await load.StopAsync(s_timeout);

        output.WriteLine($"scale up {scaledUp.TotalSeconds:0.0} s, first model answer from the added frontend {firstModelAnswer.TotalSeconds:0.00} s later ({defaultsBefore} defaults before it); "
            + $"scale down {scaledDown.TotalSeconds:0.0} s; served {servedAtTwo} before scaling down; {load}");
        Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
    }

    private static async Task<bool> AnswersFromTheModelAsync(HttpClient http, Uri frontend)
    {
        using var response = await http.PostAsync(new Uri(frontend, "adder/predict"), new StringContent("""{"input": [1, 2]}""", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return !body.RootElement.GetProperty("default").GetBoolean();
    }
}
