using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration.Redis;

/// <summary>Model versions.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<ConfigurationResult> AddModelVersionAsync(ModelVersionRecord model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ChangeAsync(
            ChangeOperations.AddModel,
            model.Id.ToString(),
            state => ConfigurationValidator.CheckAddModelVersion(state, model),
            (transaction, state) =>
            {
                var key = _keys.Model(model.Id);
                _ = transaction.KeyDeleteAsync(key);
                _ = transaction.HashSetAsync(key, RedisRecordCodec.Encode(model));
                _ = transaction.SetAddAsync(_keys.ModelVersions, model.Id.ToString());
                _ = transaction.HashSetAsync(_keys.CurrentVersions, model.Name, model.Version);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> DeleteModelVersionAsync(ModelVersionId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id.Name);
        ArgumentNullException.ThrowIfNull(id.Version);
        return ChangeAsync(
            ChangeOperations.DeleteVersionedModel,
            id.ToString(),
            state => ConfigurationValidator.CheckDeleteModelVersion(state, id),
            (transaction, state) =>
            {
                _ = transaction.KeyDeleteAsync(_keys.Model(id));
                _ = transaction.SetRemoveAsync(_keys.ModelVersions, id.ToString());
                if (state.TryGetCurrentVersion(id.Name, out var current) && current.Version == id.Version)
                {
                    _ = transaction.HashDeleteAsync(_keys.CurrentVersions, id.Name);
                }

                foreach (var app in state.Applications.Values)
                {
                    if (app.Canary is { IsRunning: true } canary && canary.Model == id.Name && canary.Version == id.Version)
                    {
                        WriteRollBack(transaction, app.Name, canary, $"version '{id.Version}' of model '{id.Name}' was deleted");
                    }
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> SetCurrentModelVersionAsync(ModelVersionId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id.Name);
        ArgumentNullException.ThrowIfNull(id.Version);
        return ChangeAsync(
            ChangeOperations.SetModelVersion,
            id.ToString(),
            state => ConfigurationValidator.CheckSetCurrentVersion(state, id),
            (transaction, state) => _ = transaction.HashSetAsync(_keys.CurrentVersions, id.Name, id.Version),
            cancellationToken);
    }
}
