using System.Diagnostics;
using Clipper.ContainerManagers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The restarts of each replica of a version now, to tell exits during a deploy or scale from older ones.</summary>
    private async Task<Dictionary<string, int>> SnapshotRestartsAsync(ModelVersionId model, CancellationToken cancellationToken)
    {
        var snapshot = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var replica in await ManagerCallAsync(() => Manager.GetReplicasAsync(model, cancellationToken)).ConfigureAwait(false))
        {
            snapshot[replica.Id] = replica.Restarts;
        }

        return snapshot;
    }

    /// <summary>
    /// Waits until exactly <paramref name="replicas"/> replicas of the version are connected to the query
    /// frontend. A replica that exits meanwhile (a new replica, or one whose restarts grew since
    /// <paramref name="restartsBefore"/>) fails the wait at once with its exit code and last log lines;
    /// with <paramref name="stopOnFailure"/> the version's replicas are then stopped. The deadline fails it too,
    /// naming how many connected.
    /// </summary>
    private async Task WaitForReplicasAsync(ModelVersionId model, int replicas, IReadOnlyDictionary<string, int> restartsBefore, bool stopOnFailure, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.DeployTimeout.TotalSeconds * Stopwatch.Frequency);
        var connected = -1;
        var reported = "";
        while (true)
        {
            var managed = await ManagerCallAsync(() => Manager.GetReplicasAsync(model, cancellationToken)).ConfigureAwait(false);
            foreach (var replica in managed)
            {
                var known = restartsBefore.TryGetValue(replica.Id, out var before);
                var exitedSince = known ? replica.Restarts > before : replica.Restarts > 0 || replica.State == ReplicaState.Failed;
                if (exitedSince)
                {
                    var tail = await ManagerCallAsync(() => Manager.GetLogTailAsync(replica.Id, 20, cancellationToken)).ConfigureAwait(false);
                    if (stopOnFailure)
                    {
                        await ManagerCallAsync(() => Manager.StopModelsAsync([model], CancellationToken.None)).ConfigureAwait(false);
                    }

                    throw new ClipperException(
                        $"Replica {replica.Id} of {model.Name}:{model.Version} exited with code {replica.LastExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none: it could not be started)"} "
                        + (stopOnFailure ? "before it served; the version's replicas were stopped." : "while scaling; it is restarted with back-off.")
                        + $" Its last log lines:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", tail)}");
                }
            }

            var now = await CountConnectedAsync(model, cancellationToken).ConfigureAwait(false);
            if (now != connected)
            {
                _options.Progress?.Report($"{now} of {replicas} replica(s) of {model.Name}:{model.Version} connected");
                connected = now;
            }

            var waiting = Waiting(managed);
            if (waiting != reported)
            {
                // A pod no node can take (GPUs asked for, say) would otherwise look like a replica that never connects.
                if (waiting.Length > 0)
                {
                    _options.Progress?.Report(waiting);
                }

                reported = waiting;
            }

            if (connected == replicas)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                var tail = managed.Count == 0 ? [] : await ManagerCallAsync(() => Manager.GetLogTailAsync(managed[0].Id, 10, cancellationToken)).ConfigureAwait(false);
                throw new ClipperException(
                    $"{model.Name}:{model.Version} has {Math.Max(connected, 0)} of {replicas} replicas connected to the query frontend after {_options.DeployTimeout.TotalSeconds:0} s; "
                    + (waiting.Length > 0 ? $"not all of its replicas run: {waiting}; they are kept (`clipper status`). " : "its replicas run but do not connect, and keep running (`clipper status`, `clipper logs`). ")
                    + (tail.Count == 0 ? "Replica log lines: none." : $"Last log lines of {managed[0].Id}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", tail)}"));
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the manager says of replicas that do not run yet, one sentence per replica; empty when it says nothing.</summary>
    private static string Waiting(IReadOnlyList<ReplicaStatus> replicas)
    {
        var text = new System.Text.StringBuilder();
        foreach (var replica in replicas)
        {
            if (replica.Detail is { } detail)
            {
                text.Append(text.Length == 0 ? "" : "; ").Append(replica.Id).Append(": ").Append(detail);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The replicas of a version connected to at least one query frontend: a container connected to several
    /// frontends has a record per frontend with one container id, and counts once.
    /// </summary>
    private async Task<int> CountConnectedAsync(ModelVersionId model, CancellationToken cancellationToken)
    {
        var all = await GetAllModelReplicasAsync(verbose: true, cancellationToken).ConfigureAwait(false);
        var containers = new HashSet<string>(StringComparer.Ordinal);
        var anonymous = 0;
        foreach (var replica in all.EnumerateArray())
        {
            if (replica.GetProperty("model_name").GetString() == model.Name && replica.GetProperty("model_version").GetString() == model.Version)
            {
                if (replica.TryGetProperty("container_id", out var container) && container.GetString() is { Length: > 0 } id)
                {
                    containers.Add(id);
                }
                else
                {
                    anonymous++;
                }
            }
        }

        return containers.Count + anonymous;
    }
}
