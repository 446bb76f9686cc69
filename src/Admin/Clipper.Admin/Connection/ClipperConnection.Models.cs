using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    /// <summary>Registers a model version with the management API (no replica is started); it becomes the model's current version.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version.</param>
    /// <param name="inputType">integers, floats, doubles, bytes or strings.</param>
    /// <param name="batchSize">A fixed batch size, or -1 for adaptive batching.</param>
    /// <param name="labels">The version's labels.</param>
    /// <param name="containerName">What serves it (Clipper's <c>container_name</c>; informational).</param>
    /// <param name="cacheBytes">
    /// The bound of each query frontend's prediction cache for the version, 0 (no cache, for models whose answers are not a
    /// function of their input) to 16 GiB; null for the default (32 MiB), and Clipper's exact request.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task RegisterModelAsync(string name, string version, string inputType, int batchSize = -1, IReadOnlyList<string>? labels = null, string containerName = "", long? cacheBytes = null, CancellationToken cancellationToken = default) =>
        Management.PostAsync("add_model", cacheBytes is { } bound
            ? new
            {
                model_name = name,
                model_version = version,
                labels = labels ?? [],
                input_type = inputType,
                container_name = containerName,
                model_data_path = "",
                batch_size = batchSize,
                cache_bytes = bound,
            }
            : new
            {
                model_name = name,
                model_version = version,
                labels = labels ?? [],
                input_type = inputType,
                container_name = containerName,
                model_data_path = "",
                batch_size = batchSize,
            }, cancellationToken);

    /// <summary>
    /// Registers a model version and runs <paramref name="replicas"/> replicas of <paramref name="artifact"/>, then waits
    /// until they have connected to the query frontend. Fails fast, with the replica's exit code and last log lines,
    /// when a replica exits while starting; the replicas of a version that had none before are then stopped, so
    /// nothing crash-loops, and the model's previous current version answers again. With <paramref name="gpus"/>, each
    /// replica gets that many GPUs (<see cref="ModelDeployment.Gpus"/>); a manager that cannot give them refuses at once.
    /// <paramref name="cacheBytes"/> bounds each frontend's prediction cache for the version (as in <see cref="RegisterModelAsync"/>).
    /// </summary>
    public async Task DeployModelAsync(
        string name,
        string version,
        string inputType,
        ModelArtifact artifact,
        int replicas = 1,
        int batchSize = -1,
        IReadOnlyList<string>? labels = null,
        int gpus = 0,
        long? cacheBytes = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (replicas < 1)
        {
            throw new ClipperException($"A deployment needs at least 1 replica, got {replicas}.");
        }

        if (gpus < 0)
        {
            throw new ClipperException($"A replica cannot have {gpus} GPUs; expected 0 (none) or more.");
        }

        var key = new ModelVersionId(name, version);
        var previous = await GetCurrentModelVersionAsync(name, cancellationToken).ConfigureAwait(false);
        var before = await SnapshotRestartsAsync(key, cancellationToken).ConfigureAwait(false);
        await RegisterModelAsync(name, version, inputType, batchSize, labels, artifact.Image ?? string.Join(' ', artifact.Command), cacheBytes, cancellationToken).ConfigureAwait(false);
        _options.Progress?.Report($"starting {replicas} replica(s) of {name}:{version}...");
        try
        {
            await ManagerCallAsync(() => Manager.DeployModelAsync(new ModelDeployment { Model = key, InputType = inputType, Artifact = artifact, Replicas = replicas, Gpus = gpus }, cancellationToken)).ConfigureAwait(false);
            await WaitForReplicasAsync(key, replicas, before, stopOnFailure: before.Count == 0, cancellationToken).ConfigureAwait(false);
        }
        catch (ClipperException failure) when (previous is not null && previous != version)
        {
            // Registering made the new version current; queries must not go to a version that does not serve.
            await SetModelVersionAsync(name, previous, CancellationToken.None).ConfigureAwait(false);
            throw new ClipperException($"{failure.Message}{Environment.NewLine}{name} answers with version {previous} again.", failure);
        }
    }

    /// <summary>The model's current version, or null when the model has none.</summary>
    public async Task<string?> GetCurrentModelVersionAsync(string name, CancellationToken cancellationToken = default) =>
        (await GetCurrentVersionsAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(name);

    /// <summary>Every model's current version, by model name, from one query of the management API.</summary>
    private async Task<Dictionary<string, string>> GetCurrentVersionsAsync(CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in (await GetAllModelsAsync(verbose: true, cancellationToken).ConfigureAwait(false)).EnumerateArray())
        {
            if (model.GetProperty("is_current_version").GetBoolean())
            {
                current[model.GetProperty("model_name").GetString()!] = model.GetProperty("model_version").GetString()!;
            }
        }

        return current;
    }

    /// <summary>Makes <paramref name="version"/> the model's current version: queries go to it from now on (roll back or forward).</summary>
    public Task SetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Management.PostAsync("set_model_version", new { model_name = name, model_version = version }, cancellationToken);

    /// <summary>The number of replicas the manager runs for a version (the current one when <paramref name="version"/> is null).</summary>
    public async Task<int> GetNumReplicasAsync(string name, string? version = null, CancellationToken cancellationToken = default)
    {
        var key = new ModelVersionId(name, version ?? await RequireCurrentVersionAsync(name, cancellationToken).ConfigureAwait(false));
        return await ManagerCallAsync(() => Manager.GetReplicaCountAsync(key, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Scales a version (the current one when <paramref name="version"/> is null) to <paramref name="replicas"/> and waits until they serve.</summary>
    public async Task SetNumReplicasAsync(string name, int replicas, string? version = null, CancellationToken cancellationToken = default)
    {
        var key = new ModelVersionId(name, version ?? await RequireCurrentVersionAsync(name, cancellationToken).ConfigureAwait(false));
        var before = await SnapshotRestartsAsync(key, cancellationToken).ConfigureAwait(false);
        await ManagerCallAsync(() => Manager.SetReplicaCountAsync(key, replicas, cancellationToken)).ConfigureAwait(false);
        await WaitForReplicasAsync(key, replicas, before, stopOnFailure: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every model version: <c>name:version</c> ids, or full records when <paramref name="verbose"/>.</summary>
    public Task<JsonElement> GetAllModelsAsync(bool verbose = false, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_all_models", new { verbose }, cancellationToken);

    /// <summary>One model version's record.</summary>
    public Task<JsonElement> GetModelInfoAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_model", new { model_name = name, model_version = version }, cancellationToken);

    /// <summary>Every replica connected to the query frontend: ids, or full records when <paramref name="verbose"/>.</summary>
    public Task<JsonElement> GetAllModelReplicasAsync(bool verbose = false, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_all_containers", new { verbose }, cancellationToken);

    /// <summary>One connected replica's record.</summary>
    public Task<JsonElement> GetModelReplicaInfoAsync(string name, string version, int replicaId, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_container", new { model_name = name, model_version = version, replica_id = replicaId }, cancellationToken);

    private async Task<string> RequireCurrentVersionAsync(string name, CancellationToken cancellationToken) =>
        await GetCurrentModelVersionAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new ClipperException($"Model '{name}' has no current version; deploy it, or name the version.");
}
