using System.Text.Json;
using Clipper.Admin.Monitoring;

namespace Clipper.Integration.Tests.Monitoring;

public sealed class AppRatesTests
{
    private const string FrontendA = """
        {"adder": {"answered_by_model": 90, "defaults": {"objective_missed": 10}, "refused": {"400": 2},
                   "latency_seconds": {"count": 100, "sum": 0.5, "buckets": [[0.001, 50], [0.01, 100], ["+Inf", 100]]}}}
        """;

    private const string FrontendB = """
        {"adder": {"answered_by_model": 10, "defaults": {"no_replica_connected": 5}, "refused": {"503": 1},
                   "latency_seconds": {"count": 15, "sum": 0.1, "buckets": [[0.001, 15], [0.01, 15]]}},
         "other": {"answered_by_model": 0, "defaults": {}, "refused": {},
                   "latency_seconds": {"count": 0, "sum": 0, "buckets": [[0.001, 0], [0.01, 0]]}}}
        """;

    [Fact]
    public void Sum_AddsEachAppOverFrontends()
    {
        var sum = AppCountersJson.Sum([Read(FrontendA), Read(FrontendB)]);

        Assert.Equal(["adder", "other"], sum.Keys);
        var adder = sum["adder"];
        Assert.Equal(100, adder.AnsweredByModel);
        Assert.Equal(10, adder.Defaults["objective_missed"]);
        Assert.Equal(5, adder.Defaults["no_replica_connected"]);
        Assert.Equal(3, adder.RefusedCount);
        Assert.Equal(115, adder.Latency.Count);
        Assert.Equal([65L, 115], adder.Latency.Cumulative);
    }

    [Fact]
    public void Between_RatesPerSecondOverTheInterval()
    {
        var before = Read(FrontendA)["adder"];
        var after = AppCountersJson.Sum([Read(FrontendA), Read(FrontendB)])["adder"];

        var rates = AppRates.Between("adder", before, after, TimeSpan.FromSeconds(5));
        Assert.Equal(3, rates.AnswersPerSecond, 9);
        Assert.Equal(1, rates.DefaultsPerSecond["no_replica_connected"], 9);
        Assert.False(rates.DefaultsPerSecond.ContainsKey("objective_missed"));
        Assert.Equal(0.2, rates.RefusedPerSecond, 9);
        Assert.Equal(0.001 * 7.5 / 15, rates.P50!.Value, 9);
    }

    [Fact]
    public void Between_CountersThatWentDown_CountFromZero()
    {
        var before = Read(FrontendA)["adder"];
        var restarted = Read(FrontendB)["adder"];

        var rates = AppRates.Between("adder", before, restarted, TimeSpan.FromSeconds(1));
        Assert.Equal(15, rates.AnswersPerSecond, 9);
        Assert.NotNull(rates.P99);
    }

    [Theory]
    [InlineData("[]", "expected an object of apps")]
    [InlineData("""{"adder": {"defaults": {}}}""", "The counters of app 'adder' are not of the expected shape")]
    [InlineData("""{"adder": {"answered_by_model": "x", "latency_seconds": {"count": 0, "sum": 0, "buckets": []}}}""", "app 'adder'")]
    public void Read_WrongShape_NamesWhatWasWrong(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Read(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyDictionary<string, AppCounters> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return AppCountersJson.Read(document.RootElement);
    }
}
