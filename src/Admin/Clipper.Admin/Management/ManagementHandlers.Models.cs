using Clipper.Configuration;
using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Management;

/// <summary>Model versions and containers.</summary>
internal sealed partial class ManagementHandlers
{
    public async Task<Reply> AddModelAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        var name = request.String("model_name");
        var version = request.String("model_version");
        var labels = request.StringArray("labels");
        var inputTypeName = request.String("input_type");
        var containerName = request.String("container_name");
        var modelDataPath = request.String("model_data_path");
        var batchSize = request.Int32("batch_size");
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
        }

        if (!ConfigurationValidator.TryParseInputType(inputTypeName, "input_type", out var inputType, out var typeError))
        {
            return Reply.Refused(typeError);
        }

        var model = new ModelVersionRecord
        {
            Name = name,
            Version = version,
            InputType = inputType,
            BatchSize = batchSize,
            Labels = [.. labels],
            ContainerName = containerName,
            ModelDataPath = modelDataPath,
        };
        var result = await store.AddModelVersionAsync(model, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully added model with name '{name}' and input type '{inputType.ToName()}'");
    }

    public async Task<Reply> DeleteVersionedModelAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        var id = ReadModelVersionId(request);
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
        }

        var result = await store.DeleteModelVersionAsync(id, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully deleted model with name '{id.Name}' and version '{id.Version}'");
    }

    public async Task<Reply> SetModelVersionAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        var id = ReadModelVersionId(request);
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
        }

        var result = await store.SetCurrentModelVersionAsync(id, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully set model with name '{id.Name}' to version '{id.Version}'");
    }

    public async Task<Reply> GetAllModelsAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        var verbose = request.Bool("verbose");
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var models = OrderByName(state.ModelVersions.Values, m => m.Name).ThenBy(m => m.Version, StringComparer.Ordinal);
        return Reply.Json(verbose
            ? ManagementJson.Array(models, ManagementJson.WriteModel)
            : ManagementJson.Array(models, (writer, model) => writer.WriteStringValue(model.Id.ToString())));
    }

    public async Task<Reply> GetModelAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        var id = ReadModelVersionId(request);
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return Reply.Json(ManagementJson.Object(state.ModelVersions.GetValueOrDefault(id), ManagementJson.WriteModel));
    }

    public async Task<Reply> GetAllContainersAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        var verbose = request.Bool("verbose");
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
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
        var id = ReadModelVersionId(request);
        var replicaId = request.Int32("replica_id");
        if (request.Error is { } jsonError)
        {
            return Reply.BadRequest(jsonError);
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var replica = state.Replicas.GetValueOrDefault(new ReplicaKey(id, replicaId));
        return Reply.Json(ManagementJson.Object(replica, (writer, r) => ManagementJson.WriteContainer(writer, r, InputTypeOf(state, r))));
    }

    private static ModelVersionId ReadModelVersionId(JsonRequest request) =>
        new(request.String("model_name"), request.String("model_version"));

    private static InputType? InputTypeOf(ClusterConfiguration state, ReplicaRecord replica) =>
        state.ModelVersions.TryGetValue(replica.Model, out var model) ? model.InputType : null;
}
