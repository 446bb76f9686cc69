using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Management;

/// <summary>Model versions and containers.</summary>
internal sealed partial class ManagementHandlers
{
    public async Task<Reply> AddModelAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelVersion(request, out var model, out var failure))
        {
            return failure;
        }

        var result = await store.AddModelVersionAsync(model, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully added model with name '{model.Name}' and input type '{model.InputType.ToName()}'");
    }

    public async Task<Reply> DeleteVersionedModelAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelVersionId(request, out var id, out var failure))
        {
            return failure;
        }

        var result = await store.DeleteModelVersionAsync(id, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully deleted model with name '{id.Name}' and version '{id.Version}'");
    }

    public async Task<Reply> SetModelVersionAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelVersionId(request, out var id, out var failure))
        {
            return failure;
        }

        var result = await store.SetCurrentModelVersionAsync(id, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully set model with name '{id.Name}' to version '{id.Version}'");
    }

    public async Task<Reply> GetAllModelsAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadVerbose(request, out var verbose, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var models = OrderByName(state.ModelVersions.Values, m => m.Name).ThenBy(m => m.Version, StringComparer.Ordinal);
        return Reply.Json(verbose
            ? ManagementJson.Array(models, ManagementJson.WriteModel)
            : ManagementJson.Array(models, (writer, model) => writer.WriteStringValue(model.Id.ToString())));
    }

    public async Task<Reply> GetModelAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelVersionId(request, out var id, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return Reply.Json(ManagementJson.Object(state.ModelVersions.GetValueOrDefault(id), ManagementJson.WriteModel));
    }

    public async Task<Reply> GetAllContainersAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadVerbose(request, out var verbose, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var replicas = OrderByName(state.Replicas.Values, r => r.ModelName)
            .ThenBy(r => r.ModelVersion, StringComparer.Ordinal)
            .ThenBy(r => r.ReplicaId);
        return Reply.Json(verbose
            ? ManagementJson.Array(replicas, (writer, replica) => ManagementJson.WriteContainer(writer, replica, InputTypeOf(state, replica)))
            : ManagementJson.Array(replicas, (writer, replica) => writer.WriteStringValue(replica.Key.ToString())));
    }

    public async Task<Reply> GetContainerAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadReplicaKey(request, out var key, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var replica = state.Replicas.GetValueOrDefault(key);
        return Reply.Json(ManagementJson.Object(replica, (writer, r) => ManagementJson.WriteContainer(writer, r, InputTypeOf(state, r))));
    }

    private static InputType? InputTypeOf(ClusterConfiguration state, ReplicaRecord replica) =>
        state.ModelVersions.TryGetValue(replica.Model, out var model) ? model.InputType : null;
}
