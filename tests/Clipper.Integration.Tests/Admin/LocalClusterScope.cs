using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// A local cluster for one test: its own state root in a temporary folder, a unique name, free ports.
/// Disposing stops it (forced) and checks that no process it recorded is left.
/// </summary>
public sealed class LocalClusterScope : IAsyncDisposable
{
    private static int s_sequence;

    public LocalClusterScope(TimeSpan? deployTimeout = null)
    {
        Name = $"test-{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}";
        StateRoot = Directory.CreateTempSubdirectory("clipper-local-").FullName;
        Manager = new LocalProcessContainerManager(new LocalClusterOptions { ClusterName = Name, StateRoot = StateRoot, ClipperCommand = ClipperCommand });
        Connection = new ClipperConnection(Manager, new ClipperConnectionOptions
        {
            DeployTimeout = deployTimeout ?? TimeSpan.FromSeconds(60),
            ArtifactRoot = Path.Combine(StateRoot, "models"),
        });
    }

    /// <summary>How tests run the command line: the build next to the tests.</summary>
    public static IReadOnlyList<string> ClipperCommand { get; } = ["dotnet", Path.Combine(AppContext.BaseDirectory, "clipper.dll")];

    public string Name { get; }

    public string StateRoot { get; }

    public LocalProcessContainerManager Manager { get; }

    public ClipperConnection Connection { get; }

    public string StateFile => Path.Combine(ClusterDirectory, "cluster.json");

    /// <summary>The cluster's folder: its state file, logs and admin token.</summary>
    public string ClusterDirectory => Path.Combine(StateRoot, "clusters", Name);

    /// <summary>An example model of the command line, as a replica runs it.</summary>
    public static ModelArtifact Example(string kind) => new([.. ClipperCommand, "example-model", kind]);

    /// <summary>
    /// Waits until the app <c>adder</c> answers <paramref name="input"/> with the model's <paramref name="output"/>
    /// (not a default): links and versions reach the query frontend asynchronously.
    /// </summary>
    public static async Task AnswersAsync(Uri query, string input, string output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var last = "";
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                using var response = await http.PostAsync(new Uri(query, "adder/predict"), new StringContent("{\"input\": " + input + "}", System.Text.Encoding.UTF8, "application/json"));
                last = await response.Content.ReadAsStringAsync();
                return last.Contains("\"output\":" + output + ",", StringComparison.Ordinal) && last.Contains("\"default\":false", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            () => "last answer: " + last);
    }

    /// <summary>Starts the cluster on free ports.</summary>
    public Task<ClusterAddresses> StartAsync(bool insecureAdmin = false) =>
        Connection.StartClipperAsync(new ClusterStartOptions
        {
            InsecureAdmin = insecureAdmin,
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
            RedisPort = FreePort.Next(),
        }).WaitAsync(TimeSpan.FromSeconds(90));

    /// <summary>Every pid the state file records: the supervisor and its children.</summary>
    public IReadOnlyList<int> RecordedProcesses()
    {
        var state = LocalClusterState.TryLoad(StateFile);
        return state is null ? [] : [state.Supervisor.Pid, .. state.Children.Values.Select(c => c.Pid)];
    }

    public async ValueTask DisposeAsync()
    {
        var recorded = RecordedProcesses();
        await Manager.StopAllAsync(graceful: false).WaitAsync(TimeSpan.FromSeconds(60));
        Connection.Dispose();
        foreach (var pid in recorded)
        {
            Assert.False(ProcessTable.IsAlive(pid), $"process {pid} of cluster {Name} is still running after stop-all");
        }

        Directory.Delete(StateRoot, recursive: true);
    }
}
