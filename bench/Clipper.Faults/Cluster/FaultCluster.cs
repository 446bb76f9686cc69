using System.Globalization;
using Clipper.Faults.Processes;
using Clipper.ModelRpc.Security;

namespace Clipper.Faults.Cluster;

/// <summary>
/// A cluster of real processes the harness started itself, so it holds every pid: <c>redis-server</c>, the management
/// frontend, the query frontend and the model's replicas (<c>clipper</c> subcommands run from the build beside the
/// harness). The frontend and the replicas share a generated join token, so a replica may join from a network
/// namespace. Every process it ever started is kept, to count crashes; disposing stops them all, writes their last
/// output to the run's folder and removes the namespace.
/// </summary>
internal sealed partial class FaultCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ChildProcess> _all = [];
    private readonly ReplicaSlot[] _replicas;
    private readonly bool _ownsFolder;

    private FaultCluster(ClusterSpec spec, string folder, bool ownsFolder, RedisProcess redis)
    {
        Spec = spec;
        Folder = folder;
        _ownsFolder = ownsFolder;
        Redis = redis;
        HttpPort = FreePort.Next();
        RpcPort = FreePort.Next();
        ManagementPort = FreePort.Next();
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _replicas = [.. spec.Replicas.Select((r, i) => new ReplicaSlot(i, r, Path.Combine(folder, $"replica-{i}.ready")))];
    }

    /// <summary>What the cluster was started from.</summary>
    public ClusterSpec Spec { get; }

    /// <summary>The run's folder: Redis's data, the ready files, the processes' last output once stopped.</summary>
    public string Folder { get; }

    /// <summary>The configuration store.</summary>
    public RedisProcess Redis { get; }

    /// <summary>The token the replicas send and the frontend requires.</summary>
    public ClusterToken JoinToken { get; } = ClusterToken.Create();

    /// <summary>The query frontend's HTTP port (kept across its restarts).</summary>
    public int HttpPort { get; }

    /// <summary>The query frontend's RPC port (kept across its restarts).</summary>
    public int RpcPort { get; }

    /// <summary>The management frontend's port.</summary>
    public int ManagementPort { get; }

    /// <summary>The namespace of the replica that runs in one, if any.</summary>
    public NetworkNamespace? Namespace { get; private set; }

    /// <summary>The running query frontend.</summary>
    public ChildProcess Frontend { get; private set; } = null!;

    /// <summary>The management frontend.</summary>
    public ChildProcess Management { get; private set; } = null!;

    /// <summary>The prediction URL of the application.</summary>
    public Uri PredictUrl => new($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/{ClusterSpec.AppName}/predict");

    /// <summary>A client for the harness's own calls (admin, readiness).</summary>
    public HttpClient Http { get; }

    /// <summary>Every process the cluster ever ran (Redis's included), for crash counting.</summary>
    public IReadOnlyList<ChildProcess> AllProcesses => [.. _all, .. Redis.AllProcesses];

    /// <summary>The replicas' current processes, by index.</summary>
    public IReadOnlyList<ChildProcess> Replicas => [.. _replicas.Select(r => r.Process!)];

    /// <summary>Starts everything, registers the app, the model and the link, and waits until the model answers.</summary>
    public static async Task<FaultCluster> StartAsync(ClusterSpec spec, TextWriter log)
    {
        var ownsFolder = spec.Folder is null;
        var folder = spec.Folder ?? Path.Combine(Path.GetTempPath(), "clipper-faults-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var redis = await RedisProcess.StartAsync(Path.Combine(folder, "redis"), spec.AppendOnly, spec.RedisPassword).ConfigureAwait(false);
        var cluster = new FaultCluster(spec, folder, ownsFolder, redis);
        try
        {
            if (spec.Replicas.Any(r => r.InNamespace))
            {
                cluster.Namespace = await NetworkNamespace.CreateAsync().ConfigureAwait(false);
            }

            await cluster.StartManagementAsync().ConfigureAwait(false);
            await cluster.StartFrontendAsync().ConfigureAwait(false);
            await cluster.RegisterAsync().ConfigureAwait(false);
            for (var i = 0; i < cluster._replicas.Length; i++)
            {
                cluster.StartReplica(i);
            }

            for (var i = 0; i < cluster._replicas.Length; i++)
            {
                await cluster.WaitReplicaReadyAsync(i, s_startTimeout).ConfigureAwait(false);
            }

            await cluster.WaitServedAsync(s_startTimeout).ConfigureAwait(false);
            log.WriteLine($"cluster up in {folder}: redis {redis.Address} (aof {(spec.AppendOnly ? "on" : "off")}), query frontend :{cluster.HttpPort} rpc :{cluster.RpcPort}, {spec.Replicas.Count} replicas");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _all.AsEnumerable().Reverse())
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        await Redis.DisposeAsync().ConfigureAwait(false);
        if (Namespace is not null)
        {
            await Namespace.DisposeAsync().ConfigureAwait(false);
        }

        Http.Dispose();
        KeepLogs();
        if (_ownsFolder)
        {
            TryDelete(Path.Combine(Folder, "redis"));
        }
    }

    private void KeepLogs()
    {
        foreach (var process in AllProcesses)
        {
            try
            {
                File.WriteAllText(Path.Combine(Folder, $"{process.Name}-{process.Pid.ToString(CultureInfo.InvariantCulture)}.log"), process.Output);
            }
            catch (IOException)
            {
                // Logs are a help for a failed run, not a result.
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
