using Clipper.Configuration.Validation;

namespace Clipper.Configuration.Redis;

/// <summary>Our link options and selection policies: changes like any other (revision, notification).</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<ConfigurationResult> SetModelLinkAsync(string applicationName, ModelLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(link);
        return ChangeAsync(
            ChangeOperations.SetModelLink,
            applicationName + " " + link.Model,
            state => ConfigurationValidator.CheckSetModelLink(state, applicationName, link),
            (transaction, state) =>
            {
                _ = transaction.SetAddAsync(_keys.Links(applicationName), link.Model);
                _ = transaction.HashSetAsync(_keys.LinkOptions(applicationName), [RedisLinkOptions.Encode(link)]);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> SetSelectionPolicyAsync(string applicationName, SelectionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        return ChangeAsync(
            ChangeOperations.SetAppPolicy,
            applicationName + " " + (Enum.IsDefined(policy) ? policy.ToName() : policy.ToString()),
            state => ConfigurationValidator.CheckSetSelectionPolicy(state, applicationName, policy),
            (transaction, state) => _ = transaction.HashSetAsync(_keys.Application(applicationName), "policy", policy.ToName()),
            cancellationToken);
    }
}
