using Clipper.Configuration.Validation;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>The optimistic change protocol shared by every validated change.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <summary>
    /// Reads the state, checks the change against it, and commits the change on the condition that the
    /// revision has not moved; on a lost race, starts over against the new state. When <paramref name="unchanged"/> says the
    /// valid change would change nothing, it succeeds at the revision read without writing.
    /// </summary>
    private Task<ConfigurationResult> ChangeAsync(
        string operation,
        string subject,
        Func<ClusterConfiguration, ConfigurationError?> check,
        Action<ITransaction, ClusterConfiguration> write,
        CancellationToken cancellationToken,
        Func<ClusterConfiguration, bool>? unchanged = null) =>
        RunAsync(operation, async database =>
        {
            for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
            {
                var state = await LoadCoreAsync(database, cancellationToken).ConfigureAwait(false);
                if (check(state) is { } error)
                {
                    Log.ChangeRefused(_logger, operation, subject, error.ToString());
                    return ConfigurationResult.Failure(error);
                }

                if (unchanged is not null && unchanged(state))
                {
                    // Nothing to write (a rollback of a finished canary): no revision, no notification.
                    return ConfigurationResult.Success(state.Revision);
                }

                var transaction = database.CreateTransaction();
                transaction.AddCondition(RevisionIs(state.Revision));
                write(transaction, state);
                if (await CommitAsync(transaction, operation, subject, cancellationToken).ConfigureAwait(false) is { } revision)
                {
                    Log.ChangeApplied(_logger, operation, subject, revision);
                    return ConfigurationResult.Success(revision);
                }

                Log.ChangeRaced(_logger, operation, subject, attempt);
            }

            var exhausted = ConfigurationErrors.ConcurrentModification(_options.MaxAttempts);
            Log.ChangeRefused(_logger, operation, subject, exhausted.ToString());
            return ConfigurationResult.Failure(exhausted);
        }, cancellationToken);

    /// <summary>
    /// Appends the revision increment, the epoch (set once per data set) and the notification to a
    /// transaction and executes it. Returns the new revision, or <see langword="null"/> when a condition failed
    /// and nothing was written.
    /// </summary>
    private async Task<long?> CommitAsync(ITransaction transaction, string operation, string subject, CancellationToken cancellationToken)
    {
        var revision = transaction.StringIncrementAsync(_keys.Revision);
        _ = transaction.StringSetAsync(_keys.Epoch, Guid.NewGuid().ToString("N"), when: When.NotExists);
        _ = transaction.PublishAsync(_keys.Changes, operation + " " + subject);
        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await revision.ConfigureAwait(false);
    }
}
