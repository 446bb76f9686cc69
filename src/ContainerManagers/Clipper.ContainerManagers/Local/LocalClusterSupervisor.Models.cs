using System.Globalization;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;

namespace Clipper.ContainerManagers.Local;

internal sealed partial class LocalClusterSupervisor
{
    /// <summary>Starts (or rescales) a model version's replicas. Fails when the cluster was not started.</summary>
    public async Task DeployAsync(ModelDeployment deployment)
    {
        var addresses = _addresses ?? throw new ContainerManagerException($"Cluster '{_cluster}' has not been started; start it before deploying models.");
        if (deployment.Artifact.Command.Count == 0)
        {
            throw new ContainerManagerException($"Model {deployment.Model} has no command to run; a local deployment needs the model's program and its arguments.");
        }

        var outdated = new List<SupervisedProcess>();
        lock (_lock)
        {
            ThrowIfShutDownLocked();
            if (_models.TryGetValue(deployment.Model, out var group))
            {
                if (!SameLaunch(group.Deployment, deployment))
                {
                    // A new command or environment for a running version: its replicas are replaced, not kept on the old one.
                    outdated.AddRange(group.Replicas);
                    group.Replicas.Clear();
                }

                group.Deployment = deployment;
            }
            else
            {
                _models[deployment.Model] = new ModelGroup(deployment);
            }
        }

        await StopAllAsync(outdated, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await ScaleAsync(deployment.Model, deployment.Replicas, addresses).ConfigureAwait(false);
    }

    /// <summary>Starts or stops replicas until <paramref name="replicas"/> run. False when the version was never deployed.</summary>
    public async Task<bool> TryScaleAsync(ModelVersionId model, int replicas)
    {
        var addresses = _addresses;
        lock (_lock)
        {
            if (addresses is null || !_models.ContainsKey(model))
            {
                return false;
            }
        }

        await ScaleAsync(model, replicas, addresses).ConfigureAwait(false);
        return true;
    }

    /// <summary>The replica count of a deployed version; 0 when it is not deployed.</summary>
    public int ReplicaCount(ModelVersionId model)
    {
        lock (_lock)
        {
            return _models.TryGetValue(model, out var group) ? group.Replicas.Count : 0;
        }
    }

    /// <summary>Stops every replica of the given versions and forgets them.</summary>
    public async Task StopModelsAsync(IReadOnlyCollection<ModelVersionId> models, TimeSpan grace)
    {
        var stopping = new List<SupervisedProcess>();
        lock (_lock)
        {
            foreach (var model in models)
            {
                if (_models.Remove(model, out var group))
                {
                    stopping.AddRange(group.Replicas);
                }
            }
        }

        await StopAllAsync(stopping, grace).ConfigureAwait(false);
    }

    /// <summary>Stops every replica of every version.</summary>
    public async Task StopAllModelsAsync(TimeSpan grace)
    {
        List<ModelVersionId> all;
        lock (_lock)
        {
            all = [.. _models.Keys];
        }

        await StopModelsAsync(all, grace).ConfigureAwait(false);
    }

    private async Task ScaleAsync(ModelVersionId model, int replicas, ClusterAddresses addresses)
    {
        if (replicas < 0)
        {
            throw new ContainerManagerException($"A model version cannot have {replicas} replicas; expected 0 or more.");
        }

        var started = new List<SupervisedProcess>();
        var stopping = new List<SupervisedProcess>();
        lock (_lock)
        {
            ThrowIfShutDownLocked();
            if (!_models.TryGetValue(model, out var group))
            {
                return;
            }

            // Replicas that could not be launched do not count: they are replaced (and fail again, visibly, if nothing changed).
            for (var i = group.Replicas.Count - 1; i >= 0; i--)
            {
                if (group.Replicas[i].State == ReplicaState.Failed)
                {
                    stopping.Add(group.Replicas[i]);
                    group.Replicas.RemoveAt(i);
                }
            }

            while (group.Replicas.Count < replicas)
            {
                var replica = CreateReplica(group, addresses);
                group.Replicas.Add(replica);
                started.Add(replica);
            }

            while (group.Replicas.Count > replicas)
            {
                stopping.Add(group.Replicas[^1]);
                group.Replicas.RemoveAt(group.Replicas.Count - 1);
            }
        }

        foreach (var replica in started)
        {
            replica.Start();
        }

        await StopAllAsync(stopping, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        SaveState();
    }

    private static bool SameLaunch(ModelDeployment a, ModelDeployment b)
    {
        if (a.InputType != b.InputType || a.Gpus != b.Gpus || a.Artifact.WorkingDirectory != b.Artifact.WorkingDirectory
            || !a.Artifact.Command.SequenceEqual(b.Artifact.Command) || a.Environment.Count != b.Environment.Count)
        {
            return false;
        }

        foreach (var (name, value) in a.Environment)
        {
            if (!b.Environment.TryGetValue(name, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    private SupervisedProcess CreateReplica(ModelGroup group, ClusterAddresses addresses)
    {
        var deployment = group.Deployment;
        var index = group.NextIndex++;
        var id = string.Create(CultureInfo.InvariantCulture, $"{deployment.Model.ToLabel()}-{index}");
        var environment = new Dictionary<string, string>(deployment.Environment)
        {
            [ClipperEnvironment.ModelName] = deployment.Model.Name,
            [ClipperEnvironment.ModelVersion] = deployment.Model.Version,
            [ClipperEnvironment.FrontendHost] = addresses.RpcHost,
            [ClipperEnvironment.FrontendPort] = addresses.RpcPort.ToString(CultureInfo.InvariantCulture),
            [ClipperEnvironment.InputType] = deployment.InputType,

            // The supervisor's id, kept across its restarts of the process: the frontends see a restart as a reconnect of
            // the same container, not as a new one (the default id holds the process id, which a restart changes).
            [ClipperEnvironment.ContainerId] = id,
        };
        if (_logFormat == LogFormat.Json)
        {
            // Over the deployment's own value: a JSON cluster logs JSON everywhere. A text cluster leaves the variable to
            // the deployment, else the supervisor's own (the cluster's format, set when it was launched).
            environment[LogFormats.Variable] = LogFormats.ValueOf(_logFormat);
        }

        if (_joinToken is not null)
        {
            environment[ClipperEnvironment.JoinToken] = _joinToken.Value;
        }

        if (_tlsCaPath is not null)
        {
            // Replicas connect over TLS even on loopback, checking the frontends' certificate. (A certificate the machine's
            // CA store trusts leaves no CA file to give: those replicas speak plain TCP on loopback, which the frontends accept.)
            environment[ClipperEnvironment.TlsCa] = _tlsCaPath;
        }

        if (deployment.Gpus > 0)
        {
            // Checked when the deployment arrived; a device that vanished since makes CUDA report it.
            var gpus = LocalGpus.Find();
            environment[LocalGpus.VisibleDevices] = gpus.Count == 0 ? "" : LocalGpus.DevicesOf(deployment.Gpus, index, gpus);
        }

        var spec = new ProcessSpec(id, deployment.Artifact.Command, environment, deployment.Artifact.WorkingDirectory ?? _paths.Root);
        return new SupervisedProcess(spec, _paths.LogOf(id), _backoff, _time, _loggers.CreateLogger("Clipper.ContainerManagers.Local.Replica")) { NoteFormat = _logFormat };
    }

    private async Task StopAllAsync(List<SupervisedProcess> processes, TimeSpan grace)
    {
        if (processes.Count == 0)
        {
            return;
        }

        var stops = new Task[processes.Count];
        for (var i = 0; i < stops.Length; i++)
        {
            stops[i] = processes[i].StopAsync(grace);
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        SaveState();
    }
}
