using System.Globalization;
using System.Text.Json;
using Clipper.ContainerManagers.Local;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>Several query frontends on a local cluster: each its own process and ports, all sharing the query port, scaled up and down.</summary>
public sealed class LocalFrontendScaleTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_TwoFrontendsFromTheCli_StatusListsBothAndBothAnswerThroughTheSharedQueryPort()
    {
        await using var scope = new LocalClusterScope();
        var queryPort = FreePort.Next();
        string[] cluster = ["--cluster", scope.Name];
        var started = await CliRunner.OkAsync(scope.StateRoot, [
            "start", "--frontends", "2", "--query-port", Text(queryPort), "--management-port", Text(FreePort.Next()),
            "--rpc-port", Text(FreePort.Next()), .. cluster]);
        Assert.Contains($"queries     http://127.0.0.1:{Text(queryPort)}/", started, StringComparison.Ordinal);
        var addresses = await scope.Connection.ConnectAsync().WaitAsync(s_timeout);
        await scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 5_000_000).WaitAsync(s_timeout);
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"), replicas: 1).WaitAsync(s_timeout);
        await scope.Connection.LinkModelToAppAsync("adder", "sum").WaitAsync(s_timeout);

        // The one replica connects to both frontends (it learns the second from the first).
        IReadOnlyList<Clipper.Admin.Connection.QueryFrontendInfo> seen = [];
        await Eventually.TrueAsync(
            async () => (seen = await scope.Connection.GetQueryFrontendsAsync()).Count == 2 && seen.All(f => f.Replicas.GetValueOrDefault("sum:1") == 1),
            s_timeout,
            () => "frontends: " + string.Join("; ", seen.Select(f => $"{f.Id} {string.Join(',', f.Replicas)}")));

        using (var status = JsonDocument.Parse(await CliRunner.OkAsync(scope.StateRoot, ["status", "--output", "json", .. cluster])))
        {
            var frontends = status.RootElement.GetProperty("query_frontends").EnumerateArray().ToList();
            Assert.Equal([scope.Name + "-query-frontend", scope.Name + "-query-frontend-2"], frontends.Select(f => f.GetProperty("id").GetString()));
            var rpcPorts = frontends.Select(f => f.GetProperty("rpc_address").GetString()!).ToList();
            Assert.Equal($"127.0.0.1:{Text(addresses.RpcPort)}", rpcPorts[0]);
            Assert.NotEqual(rpcPorts[0], rpcPorts[1]);
            Assert.All(frontends, f => Assert.Equal(1, f.GetProperty("replicas").GetProperty("sum:1").GetInt32()));
        }

        var text = await CliRunner.OkAsync(scope.StateRoot, ["status", .. cluster]);
        Assert.Contains("QUERY FRONTEND", text, StringComparison.Ordinal);
        Assert.Contains(scope.Name + "-query-frontend-2 ", text, StringComparison.Ordinal);
        Assert.Contains("sum:1=1", text, StringComparison.Ordinal);

        // New connections to the shared port are spread by the kernel: both frontends answer some, all from the model.
        var own = (await scope.Connection.GetQueryFrontendsAsync()).Select(f => f.HttpAddress).ToList();
        for (var i = 0; i < 60; i++)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.PostAsync(new Uri(addresses.Query, "adder/predict"), new StringContent("{\"input\": [1, 2]}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Contains("\"output\":3,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var answered = new List<long>();
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            foreach (var frontend in own)
            {
                using var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(http, new Uri(frontend, "metrics").ToString()));
                answered.Add(metrics.RootElement.GetProperty("counters").GetProperty("answered_by_model").GetInt64());
            }
        }

        Assert.Equal(60, answered.Sum());
        Assert.All(answered, count => Assert.True(count > 0, $"a frontend answered none of the 60 requests: {string.Join(", ", answered)}"));
    }

    [Fact]
    public async Task ScaleFrontendsAsync_ThreeThenOne_LeasesAndProcessesFollow()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        var connection = scope.Connection;
        await connection.DeployModelAsync("sum", "1", "doubles", LocalClusterScope.Example("sum"), replicas: 1).WaitAsync(s_timeout);

        var three = await connection.ScaleFrontendsAsync(3).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal([scope.Name + "-query-frontend", scope.Name + "-query-frontend-2", scope.Name + "-query-frontend-3"], three.Select(f => f.Id));
        Assert.Equal(3, three.Select(f => f.RpcAddress).Distinct().Count());
        Assert.Equal(3, (await scope.Manager.GetQueryFrontendsAsync()).Count);
        var pids = FrontendPids(scope);
        Assert.Equal(["query-frontend", "query-frontend-2", "query-frontend-3"], pids.Keys.Order(StringComparer.Ordinal));
        Assert.All(pids.Values, pid => Assert.True(ProcessTable.IsAlive(pid), $"frontend process {pid} is not running"));
        await Eventually.TrueAsync(async () => (await connection.GetQueryFrontendsAsync()).All(f => f.Replicas.GetValueOrDefault("sum:1") == 1), s_timeout);

        var one = await connection.ScaleFrontendsAsync(1).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal([scope.Name + "-query-frontend"], one.Select(f => f.Id));
        Assert.Equal(["query-frontend"], FrontendPids(scope).Keys);
        Assert.False(ProcessTable.IsAlive(pids["query-frontend-2"]), "frontend 2 still runs after the scale-down");
        Assert.False(ProcessTable.IsAlive(pids["query-frontend-3"]), "frontend 3 still runs after the scale-down");
        Assert.True(ProcessTable.IsAlive(pids["query-frontend"]), "frontend 1 stopped; it must stay");
        var recorded = LocalClusterState.TryLoad(scope.StateFile)!;
        Assert.Equal(["query-frontend"], recorded.Frontends.Select(f => f.PartId));

        // The replica stays with the frontend that remains, and a model still answers through it.
        await Eventually.TrueAsync(async () => (await connection.GetAllModelReplicasAsync(verbose: true)).GetArrayLength() == 1, s_timeout);
        Assert.Equal(1, await connection.GetNumReplicasAsync("sum"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task ScaleFrontendsAsync_CountOutOfRange_IsRefusedNamingTheValueAndTheRange(int count)
    {
        await using var scope = new LocalClusterScope();

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scope.Connection.ScaleFrontendsAsync(count));

        Assert.StartsWith($"The number of query frontends is {Text(count)}; expected 1 to 64 query frontends.", refused.Message, StringComparison.Ordinal);
        await CliRunner.FailsAsync(scope.StateRoot, ["scale-frontends", Text(count), "--cluster", scope.Name], $"The count of scale-frontends is {Text(count)}; expected 1 to 64 query frontends.");
        await CliRunner.FailsAsync(scope.StateRoot, ["start", "--frontends", Text(count), "--cluster", scope.Name], $"--frontends is {Text(count)}; expected 1 to 64 query frontends.");
        Assert.Empty(scope.RecordedProcesses());
    }

    private static Dictionary<string, int> FrontendPids(LocalClusterScope scope) =>
        LocalClusterState.TryLoad(scope.StateFile)!.Children.Where(c => c.Key.StartsWith("query-frontend", StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value.Pid);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
