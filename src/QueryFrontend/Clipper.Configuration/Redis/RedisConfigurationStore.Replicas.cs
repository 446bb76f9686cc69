using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// Replicas. They are written by query frontends as containers come and go, so these changes are not
/// conditional on the whole revision (that would make frontends and the management API retry each
/// other); each is conditional only on the keys it depends on.
/// </summary>
public sealed partial class RedisConfigurationStore
{
    private const string FrontendIdField = "frontend_id";

    /// <inheritdoc />
    public Task<int> AllocateReplicaIdAsync(ModelVersionId model, CancellationToken cancellationToken = default) =>
        RunAsync(
            "allocate_replica_id",
            async database => checked((int)(await database.StringIncrementAsync(_keys.ReplicaIds(model)).ConfigureAwait(false) - 1)),
            cancellationToken);

    /// <inheritdoc />
    public Task<ConfigurationResult> RegisterReplicaAsync(ReplicaRecord replica, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (ConfigurationValidator.ValidateReplica(replica) is { } error)
        {
            return Task.FromResult(ConfigurationResult.Failure(error));
        }

        var key = _keys.Replica(replica.Key);
        var member = replica.Key.ToString();
        return RetryAsync(ChangeOperations.RegisterReplica, member, async (database, transaction) =>
        {
            // A replica key taken over from another frontend must leave that frontend's set, or removing
            // that frontend's replicas later would delete this registration.
            var previousFrontend = await database.HashGetAsync(key, FrontendIdField).ConfigureAwait(false);
            transaction.AddCondition(previousFrontend.IsNull
                ? Condition.HashNotExists(key, FrontendIdField)
                : Condition.HashEqual(key, FrontendIdField, previousFrontend));
            if (!previousFrontend.IsNull && previousFrontend != replica.FrontendId)
            {
                _ = transaction.SetRemoveAsync(_keys.FrontendReplicas(previousFrontend.ToString()), member);
            }

            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.HashSetAsync(key, RedisRecordCodec.Encode(replica));
            _ = transaction.SetAddAsync(_keys.Replicas, member);
            _ = transaction.SetAddAsync(_keys.FrontendReplicas(replica.FrontendId), member);
            return null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> RemoveReplicaAsync(ReplicaKey key, CancellationToken cancellationToken = default)
    {
        var hashKey = _keys.Replica(key);
        var member = key.ToString();
        return RetryAsync(ChangeOperations.RemoveReplica, member, async (database, transaction) =>
        {
            var frontend = await database.HashGetAsync(hashKey, FrontendIdField).ConfigureAwait(false);
            if (frontend.IsNull)
            {
                return ConfigurationErrors.ReplicaNotFound(key);
            }

            transaction.AddCondition(Condition.HashEqual(hashKey, FrontendIdField, frontend));
            _ = transaction.KeyDeleteAsync(hashKey);
            _ = transaction.SetRemoveAsync(_keys.Replicas, member);
            _ = transaction.SetRemoveAsync(_keys.FrontendReplicas(frontend.ToString()), member);
            return null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> RemoveReplicasOfFrontendAsync(string frontendId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(frontendId);
        var set = _keys.FrontendReplicas(frontendId);
        return RetryAsync(ChangeOperations.RemoveFrontendReplicas, frontendId, async (database, transaction) =>
        {
            var members = await database.SetMembersAsync(set).ConfigureAwait(false);

            // The condition watches the set: a replica registered or taken over meanwhile restarts the removal.
            transaction.AddCondition(Condition.SetLengthEqual(set, members.Length));
            foreach (var member in members)
            {
                if (RedisRecordCodec.TryParseReplicaKey(member.ToString(), out var replica))
                {
                    _ = transaction.KeyDeleteAsync(_keys.Replica(replica));
                }

                _ = transaction.SetRemoveAsync(_keys.Replicas, member);
            }

            _ = transaction.KeyDeleteAsync(set);
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs a change whose preparation reads what it depends on and adds matching conditions to the
    /// transaction (or returns an error to refuse the change); retries while a condition fails.
    /// </summary>
    private Task<ConfigurationResult> RetryAsync(
        string operation,
        string subject,
        Func<IDatabase, ITransaction, Task<ConfigurationError?>> prepare,
        CancellationToken cancellationToken) =>
        RunAsync(operation, async database =>
        {
            for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
            {
                var transaction = database.CreateTransaction();
                if (await prepare(database, transaction).ConfigureAwait(false) is { } error)
                {
                    Log.ChangeRefused(_logger, operation, subject, error.ToString());
                    return ConfigurationResult.Failure(error);
                }

                if (await CommitAsync(transaction, operation, subject, cancellationToken).ConfigureAwait(false) is { } revision)
                {
                    Log.ChangeApplied(_logger, operation, subject, revision);
                    return ConfigurationResult.Success(revision);
                }

                Log.ChangeRaced(_logger, operation, subject, attempt);
            }

            return ConfigurationResult.Failure(ConfigurationErrors.ConcurrentModification(_options.MaxAttempts));
        }, cancellationToken);
}
