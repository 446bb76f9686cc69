namespace Clipper.ContainerManagers.Local;

/// <summary>Where a local cluster keeps its state: <c>STATE_ROOT/clusters/NAME/</c> with its state file, logs and Redis data.</summary>
internal sealed class LocalClusterPaths
{
    public LocalClusterPaths(string stateRoot, string clusterName)
    {
        Root = Path.Combine(Path.GetFullPath(stateRoot), "clusters", clusterName);
    }

    /// <summary>The cluster's folder.</summary>
    public string Root { get; }

    /// <summary>The state file the supervisor keeps current: its pid and control port, the addresses, every child's pid.</summary>
    public string StateFile => Path.Combine(Root, "cluster.json");

    /// <summary>The cluster's admin token (mode 600), which the management frontend checks and clients send.</summary>
    public string AdminTokenFile => Path.Combine(Root, "admin-token");

    /// <summary>The cluster's join token (mode 600): the query frontends require it, model replicas get it as CLIPPER_JOIN_TOKEN.</summary>
    public string JoinTokenFile => Path.Combine(Root, "join-token");

    /// <summary>The password of the cluster's Redis (mode 600), which the frontends read with --redis-password-file.</summary>
    public string RedisPasswordFile => Path.Combine(Root, "redis-password");

    /// <summary>The configuration file (mode 600) the cluster's own Redis starts with: its password, kept off the command line.</summary>
    public string RedisConfigFile => Path.Combine(Root, "redis.conf");

    /// <summary>One log file per process.</summary>
    public string Logs => Path.Combine(Root, "logs");

    /// <summary>Where the cluster's own Redis keeps its append-only file.</summary>
    public string RedisData => Path.Combine(Root, "redis");

    /// <summary>The cluster's Prometheus (<c>start --prometheus</c>): its configuration, its targets file and its data; removed by <c>stop-all</c>.</summary>
    public string Prometheus => Path.Combine(Root, "prometheus");

    /// <summary>The supervisor's own log.</summary>
    public string SupervisorLog => Path.Combine(Logs, "supervisor.log");

    /// <summary>The log file of a process.</summary>
    public string LogOf(string id) => Path.Combine(Logs, id + ".log");
}
