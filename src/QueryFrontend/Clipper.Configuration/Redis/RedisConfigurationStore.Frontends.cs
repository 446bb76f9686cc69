using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// Frontend leases. A frontend's announcement is a hash that expires unless the frontend renews it;
/// the <c>frontends</c> set indexes them and is pruned of expired ids by whoever reads it. Leases are
/// not configuration: they change neither the revision nor the change channel.
/// </summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task RenewFrontendAsync(FrontendRecord frontend, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentException.ThrowIfNullOrWhiteSpace(frontend.Id);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        return RunAsync("renew_frontend", async database =>
        {
            // Written whole each time, so a Redis that restarted empty learns the frontend again at the next renewal.
            var transaction = database.CreateTransaction();
            var key = _keys.Frontend(frontend.Id);
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.HashSetAsync(key, RedisRecordCodec.Encode(frontend));
            _ = transaction.KeyExpireAsync(key, lease);
            _ = transaction.SetAddAsync(_keys.Frontends, frontend.Id);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RemoveFrontendAsync(string frontendId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(frontendId);
        return RunAsync("remove_frontend", async database =>
        {
            var transaction = database.CreateTransaction();
            _ = transaction.KeyDeleteAsync(_keys.Frontend(frontendId));
            _ = transaction.SetRemoveAsync(_keys.Frontends, frontendId);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FrontendRecord>> GetFrontendsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<FrontendRecord>>("get_frontends", async database =>
        {
            var ids = await database.SetMembersAsync(_keys.Frontends).ConfigureAwait(false);
            var batch = database.CreateBatch();
            var reads = new Task<HashEntry[]>[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                reads[i] = batch.HashGetAllAsync(_keys.Frontend(ids[i].ToString()));
            }

            batch.Execute();
            var frontends = new List<FrontendRecord>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                var hash = await reads[i].ConfigureAwait(false);
                if (hash.Length == 0)
                {
                    // The lease expired: forget the id unless the frontend renewed it meanwhile.
                    await PruneExpiredFrontendAsync(database, ids[i].ToString()).ConfigureAwait(false);
                    continue;
                }

                AddDecoded(frontends, RedisRecordCodec.DecodeFrontend(hash, out var reason), _keys.Frontend(ids[i].ToString()), reason);
            }

            frontends.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            return frontends;
        }, cancellationToken);

    private async Task PruneExpiredFrontendAsync(IDatabase database, string frontendId)
    {
        var transaction = database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(_keys.Frontend(frontendId)));
        _ = transaction.SetRemoveAsync(_keys.Frontends, frontendId);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }
}
