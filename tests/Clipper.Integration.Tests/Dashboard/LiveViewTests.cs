using System.Globalization;
using System.Text.RegularExpressions;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Dashboard;

/// <summary>
/// The live views against a running cluster after known predictions: the frontends publish each app's counters with their
/// leases, the dashboard (in headless Chromium) and <c>clipper top</c> (on a real terminal under tmux) show them.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class LiveViewTests(LiveViewCluster cluster) : IClassFixture<LiveViewCluster>
{
    [Fact]
    public async Task Dashboard_AfterKnownPredictions_ShowsThemPerAppWithDefaultsByExplanation()
    {
        // The baseline from the frontend itself: what it published may be a second behind the queries sent so far.
        var adder = await cluster.LiveAsync("adder");
        var orphan = await cluster.LiveAsync("orphan");
        var adderBefore = adder.AnsweredByModel + adder.DefaultCount;
        var orphanBefore = orphan.AnsweredByModel + orphan.DefaultCount;
        await cluster.PredictAsync("adder", 25);
        await cluster.PredictAsync("orphan", 7);
        await cluster.WaitForAnsweredAsync("adder", adderBefore + 25);
        orphan = await cluster.WaitForAnsweredAsync("orphan", orphanBefore + 7);

        var page = new Uri(cluster.Management, "dashboard");
        var dom = await HeadlessChromium.DumpDomAsync(page, TimeSpan.FromSeconds(5));

        Assert.Equal((adderBefore + 25).ToString(CultureInfo.InvariantCulture), Cell(dom, "adder", "answered"));
        Assert.Equal((orphanBefore + 7).ToString(CultureInfo.InvariantCulture), Cell(dom, "orphan", "answered"));
        var reason = Assert.Single(orphan.Defaults, pair => pair.Value > 0);
        Assert.Equal($"{reason.Key} {reason.Value}", Cell(dom, "orphan", "defaults"));
        Assert.Equal("sum", Cell(dom, "adder", "linked"));
        Assert.Equal("1", Cell(dom, "sum:1", "replicas", "model"));
        Assert.Contains("data-state=\"ok\"", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard.png");
        await HeadlessChromium.ScreenshotAsync(page, TimeSpan.FromSeconds(5), screenshot);
    }

    [Fact]
    public async Task Top_OnATerminal_ShowsTheAppsLiveAndQuitsOnQ()
    {
        var command = TmuxSession.ShellCommand(LocalClusterScope.ClipperCommand.Concat(["top", "--cluster", cluster.Scope.Name, "--interval", "0.5"]));
        await using var terminal = await TmuxSession.StartAsync(command, new Dictionary<string, string> { ["CLIPPER_HOME"] = cluster.Scope.StateRoot });
        await terminal.WaitForAsync("ANSWERS/S", TimeSpan.FromSeconds(60));

        // Predictions while top reads: the adder's row shows a rate above zero and the replica of sum:1.
        using var load = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sending = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                await cluster.PredictAsync("adder", 5);
            }
        });
        var screen = "";
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                screen = await terminal.ScreenAsync();
                return AdderRate().Match(screen) is { Success: true } row && double.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture) > 0;
            },
            TimeSpan.FromSeconds(20),
            () => "screen:\n" + screen);
        await load.CancelAsync();
        await sending;
        Assert.Matches(@"sum:1\s+1\s+", screen);

        await terminal.SendKeysAsync("q");
        var after = await terminal.WaitForAsync("[exit ", TimeSpan.FromSeconds(20));
        Assert.Contains("[exit 0]", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopOnce_Redirected_PrintsOneReadingAsPlainLines()
    {
        var stdout = await CliRunner.OkAsync(cluster.Scope.StateRoot, "top", "--cluster", cluster.Scope.Name, "--once", "--interval", "0.2");

        Assert.Contains("APP ", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^adder\s", stdout);
        Assert.Matches(@"(?m)^orphan\s", stdout);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Theory]
    [InlineData("0", "--interval 0 is out of range: give seconds from 0.2 to 60")]
    [InlineData("61", "--interval 61 is out of range")]
    public async Task Top_IntervalOutOfRange_FailsNamingTheRange(string interval, string expected)
    {
        await CliRunner.FailsAsync(cluster.Scope.StateRoot, ["top", "--cluster", cluster.Scope.Name, "--interval", interval], expected);
    }

    private static string Cell(string dom, string key, string field, string keyName = "app")
    {
        var row = Regex.Match(dom, $"<tr data-{keyName}=\"{Regex.Escape(key)}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for {keyName} {key} in the page:\n{dom}");
        var cell = Regex.Match(row.Groups[1].Value, $"<td data-field=\"{field}\"[^>]*>([^<]*)</td>");
        Assert.True(cell.Success, $"no {field} cell in the row of {key}: {row.Value}");
        return System.Net.WebUtility.HtmlDecode(cell.Groups[1].Value);
    }

    [GeneratedRegex(@"(?m)^adder\s+(\d+\.\d)\s")]
    private static partial Regex AdderRate();
}
