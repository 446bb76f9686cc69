using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Dashboard;

/// <summary>
/// A replica process killed on a local cluster: the supervisor restarts it under the same container id (its replica id in
/// the supervisor), so the query frontend counts it as a reconnect of that container. get_all_containers says so, and the
/// dashboard (in headless Chromium) shows it in the replica's row, under its frontend.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class ReplicaReconnectTests : IAsyncLifetime
{
    private static readonly TimeSpan s_restartTimeout = TimeSpan.FromSeconds(60);
    private readonly LocalClusterScope _scope = new();

    public async Task InitializeAsync()
    {
        await _scope.StartAsync();
        await _scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 2_000_000).WithTimeout();
        await _scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"), replicas: 1).WaitAsync(TimeSpan.FromSeconds(90));
        await _scope.Connection.LinkModelToAppAsync("adder", "sum").WithTimeout();
        await LocalClusterScope.AnswersAsync(_scope.Connection.GetQueryAddress(), "[1, 2]", "3");
    }

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task ReplicaKilled_SupervisorRestartsIt_CountsOneReconnectOfTheSameContainerAndTheDashboardShowsIt()
    {
        var supervised = Assert.Single(await _scope.Manager.GetReplicasAsync().WithTimeout());
        var first = await WaitForContainerAsync(c => c.ContainerId == supervised.Id, "the replica connected under its supervisor id");
        Assert.Equal(0, first.Reconnects);
        Assert.Equal("connected", first.State);

        using (var process = Process.GetProcessById(supervised.ProcessId!.Value))
        {
            process.Kill();
        }

        var second = await WaitForContainerAsync(c => c.ContainerId == supervised.Id && c.Reconnects == 1, "the restarted replica reconnected under the same id");
        Assert.Equal("connected", second.State);
        Assert.Equal(first.FrontendId, second.FrontendId);
        Assert.NotEqual(first.ReplicaId, second.ReplicaId);
        var restarted = Assert.Single(await _scope.Manager.GetReplicasAsync().WithTimeout());
        Assert.Equal(1, restarted.Restarts);
        await LocalClusterScope.AnswersAsync(_scope.Connection.GetQueryAddress(), "[2, 2]", "4");

        var page = new Uri(_scope.Connection.GetAdminAddress(), "dashboard");
        var dom = await HeadlessChromium.DumpDomAsync(page, TimeSpan.FromSeconds(5));

        Assert.Equal("1", Cell(dom, supervised.Id, "reconnects"));
        Assert.Equal("connected", Cell(dom, supervised.Id, "state"));
        Assert.Equal("sum:1", Cell(dom, supervised.Id, "model"));
        Assert.Matches($"""<tr class="group" data-group="{Regex.Escape(second.FrontendId)}"><th colspan="7">Frontend {Regex.Escape(second.FrontendId)} · 1 replica\(s\) · 1 reconnect\(s\)</th></tr>""", dom);
        Assert.Contains("dropped connections", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard-reconnects.png");
        await HeadlessChromium.ScreenshotAsync(page, TimeSpan.FromSeconds(5), screenshot);
    }

    private async Task<Container> WaitForContainerAsync(Func<Container, bool> wanted, string what)
    {
        Container? found = null;
        var last = "";
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                var answer = await _scope.Connection.GetAllModelReplicasAsync(verbose: true).WithTimeout();
                last = answer.GetRawText();
                found = answer.EnumerateArray().Select(Container.Read).SingleOrDefault(wanted);
                return found is not null;
            },
            s_restartTimeout,
            () => what + "; get_all_containers: " + last);
        return found!;
    }

    private static string Cell(string dom, string container, string field)
    {
        var row = Regex.Match(dom, $"<tr data-container=\"{Regex.Escape(container)}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for container {container} in the page:\n{dom}");
        var cell = Regex.Match(row.Groups[1].Value, $"<td data-field=\"{field}\"[^>]*>([^<]*)</td>");
        Assert.True(cell.Success, $"no {field} cell in the row of {container}: {row.Value}");
        return System.Net.WebUtility.HtmlDecode(cell.Groups[1].Value);
    }

    private sealed record Container(string ContainerId, int ReplicaId, string FrontendId, string State, int Reconnects)
    {
        public static Container Read(JsonElement e) => new(
            e.GetProperty("container_id").GetString()!,
            e.GetProperty("model_replica_id").GetInt32(),
            e.GetProperty("frontend_id").GetString()!,
            e.GetProperty("state").GetString()!,
            e.GetProperty("reconnects").GetInt32());
    }
}
