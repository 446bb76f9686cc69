using Clipper.Configuration.Validation;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Applications and links.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<ConfigurationResult> AddApplicationAsync(ApplicationRecord application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        return ChangeAsync(
            ChangeOperations.AddApplication,
            application.Name,
            state => ConfigurationValidator.CheckAddApplication(state, application),
            (transaction, state) =>
            {
                var key = _keys.Application(application.Name);
                // Whatever an application of the same name left behind (a write that raced its deletion) must not come back.
                _ = transaction.KeyDeleteAsync([key, .. OwnedKeys(application.Name)]);
                _ = transaction.HashSetAsync(key, RedisRecordCodec.Encode(application));
                _ = transaction.SetAddAsync(_keys.Applications, application.Name);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> DeleteApplicationAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ChangeAsync(
            ChangeOperations.DeleteApplication,
            name,
            state => ConfigurationValidator.CheckDeleteApplication(state, name),
            (transaction, state) =>
            {
                _ = transaction.KeyDeleteAsync([_keys.Application(name), .. OwnedKeys(name)]);
                _ = transaction.SetRemoveAsync(_keys.Applications, name);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> AddModelLinksAsync(string applicationName, IReadOnlyList<string> modelNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(modelNames);
        var names = modelNames.ToArray();
        return ChangeAsync(
            ChangeOperations.AddModelLinks,
            applicationName + " " + string.Join(',', names),
            state => ConfigurationValidator.CheckAddModelLinks(state, applicationName, names),
            (transaction, state) => _ = transaction.SetAddAsync(_keys.Links(applicationName), ToValues(names)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> DeleteModelLinksAsync(string applicationName, IReadOnlyList<string> modelNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(modelNames);
        var names = modelNames.ToArray();
        return ChangeAsync(
            ChangeOperations.DeleteModelLinks,
            applicationName + " " + string.Join(',', names),
            state => ConfigurationValidator.CheckDeleteModelLinks(state, applicationName, names),
            (transaction, state) =>
            {
                _ = transaction.SetRemoveAsync(_keys.Links(applicationName), ToValues(names));
                _ = transaction.HashDeleteAsync(_keys.LinkOptions(applicationName), ToValues(names));
                if (state.TryGetApplication(applicationName, out var app) && app.Canary is { IsRunning: true } canary && names.Contains(canary.Model, StringComparer.Ordinal))
                {
                    WriteRollBack(transaction, applicationName, canary, $"model '{canary.Model}' was unlinked from the application");
                }
            },
            cancellationToken);
    }

    /// <summary>The keys that live and die with an application besides its hash: links, their options, API keys, learned selection state, canary and its windows.</summary>
    private RedisKey[] OwnedKeys(string name) =>
        [_keys.Links(name), _keys.LinkOptions(name), _keys.ApiKeys(name), _keys.PolicyState(name), _keys.Canary(name), _keys.CanaryStats(name)];

    private static RedisValue[] ToValues(string[] names) => Array.ConvertAll(names, n => (RedisValue)n);
}
