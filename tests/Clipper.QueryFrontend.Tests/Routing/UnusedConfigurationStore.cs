using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Tests.Routing;

/// <summary>
/// A store for a watcher that is never started (these tests call the follower's rebuild directly)
/// and for RPC handlers: replica ids are counted from 0 per model version, as Redis counts them.
/// </summary>
internal sealed class UnusedConfigurationStore : IConfigurationStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ModelVersionId, int> _replicaIds = new();

    // The watcher unsubscribes when disposed, even if it never started, so the accessors must not throw.
    public event Action? ConnectionLost
    {
        add { }
        remove { }
    }

    public event Action? ConnectionRestored
    {
        add { }
        remove { }
    }

    public Task<ClusterConfiguration> LoadAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IAsyncDisposable> SubscribeAsync(Action<string> onChange, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> AddApplicationAsync(ApplicationRecord application, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> AddApiKeyAsync(string applicationName, ApiKeyRecord key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> DeleteApiKeyAsync(string applicationName, string keyId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> SetRequireKeyAsync(string applicationName, bool requireKey, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> DeleteApplicationAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> AddModelLinksAsync(string applicationName, IReadOnlyList<string> modelNames, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> DeleteModelLinksAsync(string applicationName, IReadOnlyList<string> modelNames, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> SetModelLinkAsync(string applicationName, ModelLink link, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> SetSelectionPolicyAsync(string applicationName, SelectionPolicy policy, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> AddModelVersionAsync(ModelVersionRecord model, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> DeleteModelVersionAsync(ModelVersionId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> SetCurrentModelVersionAsync(ModelVersionId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<int> AllocateReplicaIdAsync(ModelVersionId model, CancellationToken cancellationToken = default) =>
        Task.FromResult(_replicaIds.AddOrUpdate(model, 0, static (_, last) => last + 1));

    public Task<ConfigurationResult> RegisterReplicaAsync(ReplicaRecord replica, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> RemoveReplicaAsync(ReplicaKey key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> RemoveReplicasOfFrontendAsync(string frontendId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RenewFrontendAsync(FrontendRecord frontend, TimeSpan lease, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RemoveFrontendAsync(string frontendId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<FrontendRecord>> GetFrontendsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> StartCanaryAsync(string applicationName, CanaryRecord canary, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> SetCanaryAsync(string applicationName, CanaryRecord expected, CanaryRecord next, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> RollBackCanaryAsync(string applicationName, string reason, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> PromoteCanaryAsync(string applicationName, string reason, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ConfigurationResult> DeleteCanaryAsync(string applicationName, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
