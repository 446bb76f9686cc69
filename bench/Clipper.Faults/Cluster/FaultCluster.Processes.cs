using System.Globalization;
using Clipper.Faults.Processes;

namespace Clipper.Faults.Cluster;

/// <summary>Starting, killing and restarting the cluster's processes.</summary>
internal sealed partial class FaultCluster
{
    /// <summary>The variable the frontends read Redis's password from, when Redis has one.</summary>
    public const string RedisPasswordVariable = "CLIPPER_REDIS_PASSWORD";

    private static string ClipperDll => Path.Combine(AppContext.BaseDirectory, "clipper.dll");

    /// <summary>Kills the query frontend with SIGKILL.</summary>
    public Task KillFrontendAsync() => Frontend.KillAsync(TimeSpan.FromSeconds(10));

    /// <summary>Starts the query frontend (again) on the cluster's ports and waits until its HTTP port answers.</summary>
    public async Task StartFrontendAsync()
    {
        var bindAll = Namespace is not null;
        List<string> arguments =
        [
            ClipperDll, "query-frontend", "--redis", Redis.Address,
            "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture), "--rpc-port", RpcPort.ToString(CultureInfo.InvariantCulture),
            "--bind", bindAll ? "0.0.0.0" : "127.0.0.1",
            "--queue-capacity", Spec.QueueCapacity.ToString(CultureInfo.InvariantCulture),
            "--frontend-id", "faults-frontend",
        ];
        if (Namespace is not null)
        {
            // Every replica, in the namespace or not, reaches the frontend at the veth's host end (a local address).
            arguments.AddRange(["--advertise-host", Namespace.HostAddress]);
        }

        Frontend = Track(ChildProcess.Start("query-frontend", "dotnet", arguments, FrontendEnvironment()));
        await WaitHttpAsync(Frontend, $"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/", s_startTimeout).ConfigureAwait(false);
    }

    /// <summary>Starts replica <paramref name="index"/> (again); returns at once (see <see cref="WaitReplicaReadyAsync"/>).</summary>
    public ChildProcess StartReplica(int index)
    {
        var slot = _replicas[index];
        File.Delete(slot.ReadyFile);
        var host = Namespace?.HostAddress ?? "127.0.0.1";
        var environment = new Dictionary<string, string>
        {
            ["CLIPPER_MODEL_NAME"] = ClusterSpec.ModelName,
            ["CLIPPER_MODEL_VERSION"] = "1",
            ["CLIPPER_IP"] = host,
            ["CLIPPER_PORT"] = RpcPort.ToString(CultureInfo.InvariantCulture),
            ["CLIPPER_INPUT_TYPE"] = "doubles",
            ["CLIPPER_JOIN_TOKEN"] = JoinToken.Value,
        };
        List<string> arguments = [ClipperDll, .. slot.Spec.Arguments(), "--ready-file", slot.ReadyFile];
        var name = "replica-" + index.ToString(CultureInfo.InvariantCulture);
        slot.Process = slot.Spec.InNamespace && Namespace is not null
            ? Track(ChildProcess.Start(name, "ip", [.. Namespace.ExecPrefix, "dotnet", .. arguments], environment))
            : Track(ChildProcess.Start(name, "dotnet", arguments, environment));
        return slot.Process;
    }

    /// <summary>Kills replica <paramref name="index"/> with SIGKILL.</summary>
    public Task KillReplicaAsync(int index) => _replicas[index].Process!.KillAsync(TimeSpan.FromSeconds(10));

    /// <summary>Waits until replica <paramref name="index"/> is connected to the frontend (its ready file exists).</summary>
    public async Task WaitReplicaReadyAsync(int index, TimeSpan timeout)
    {
        var slot = _replicas[index];
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(slot.ReadyFile))
        {
            if (slot.Process is { IsRunning: false } process)
            {
                throw new InvalidOperationException($"{process.Describe()} before it connected: {process.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"replica-{index} did not connect within {timeout.TotalSeconds:0.#} s: {slot.Process?.Output}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Whether replica <paramref name="index"/> is connected now (its ready file exists).</summary>
    public bool IsReplicaReady(int index) => File.Exists(_replicas[index].ReadyFile);

    private async Task StartManagementAsync()
    {
        Management = Track(ChildProcess.Start("management-frontend", "dotnet",
            [ClipperDll, "management-frontend", "--redis", Redis.Address, "--port", ManagementPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"],
            FrontendEnvironment()));
        await WaitHttpAsync(Management, $"http://127.0.0.1:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/admin/ping", s_startTimeout).ConfigureAwait(false);
    }

    private Dictionary<string, string> FrontendEnvironment()
    {
        var environment = new Dictionary<string, string> { ["CLIPPER_JOIN_TOKEN"] = JoinToken.Value };
        if (Redis.Password is not null)
        {
            environment[RedisPasswordVariable] = Redis.Password;
        }

        return environment;
    }

    private ChildProcess Track(ChildProcess process)
    {
        _all.Add(process);
        return process;
    }

    private async Task WaitHttpAsync(ChildProcess process, string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (!process.IsRunning)
            {
                throw new InvalidOperationException($"{process.Describe()} at start: {process.Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(url)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but too busy to answer within the client's timeout: try again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name} did not answer {url} within {timeout.TotalSeconds:0.#} s: {process.Output}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
