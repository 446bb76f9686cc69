using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration;

/// <summary>
/// The cluster configuration store. Every change is validated against the state it is applied to and
/// applied atomically with a revision increment and a change notification; a refused change leaves the
/// store untouched and is returned as a <see cref="ConfigurationResult"/> error. Methods throw
/// <see cref="ConfigurationStoreException"/> only when the store cannot be reached.
/// </summary>
public interface IConfigurationStore
{
    /// <summary>Raised when a connection to the store is lost: until it is restored, changes may go unnoticed.</summary>
    event Action? ConnectionLost;

    /// <summary>Raised when a connection to the store is restored after a loss (notifications may have been missed).</summary>
    event Action? ConnectionRestored;

    /// <summary>Reads a consistent snapshot of the whole configuration.</summary>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The snapshot.</returns>
    Task<ClusterConfiguration> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Subscribes to change notifications: <paramref name="onChange"/> is called (on a store thread) after every change.</summary>
    /// <param name="onChange">Called with the notification text; must return quickly.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>Disposing it ends the subscription.</returns>
    Task<IAsyncDisposable> SubscribeAsync(Action<string> onChange, CancellationToken cancellationToken = default);

    /// <summary>Registers an application (without links). Refused when invalid or when the name is taken.</summary>
    /// <param name="application">The application; <see cref="ApplicationRecord.LinkedModels"/> must be empty.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> AddApplicationAsync(ApplicationRecord application, CancellationToken cancellationToken = default);

    /// <summary>Deletes an application with its links, their options, its API keys and its learned selection state.</summary>
    /// <param name="name">The application name.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when the application does not exist.</returns>
    Task<ConfigurationResult> DeleteApplicationAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Links models to an application (Clipper's rule: exactly one, with the application's input type).</summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="modelNames">The model names to link.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> AddModelLinksAsync(string applicationName, IReadOnlyList<string> modelNames, CancellationToken cancellationToken = default);

    /// <summary>Removes links between an application and models, with their options; all of them must exist.</summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="modelNames">The linked model names to unlink.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> DeleteModelLinksAsync(string applicationName, IReadOnlyList<string> modelNames, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links a model to an application with options, or changes the options of a link (ours, beside Clipper's
    /// <see cref="AddModelLinksAsync"/>): no limit on the number of links. A new link follows Clipper's rules (the
    /// application exists; the model has a current version with the application's input type).
    /// </summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="link">The model and its options (weight 0 to <see cref="ModelLink.MaxWeight"/>, shadow share 0 to 100).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> SetModelLinkAsync(string applicationName, ModelLink link, CancellationToken cancellationToken = default);

    /// <summary>Sets how an application chooses among its served models (ours).</summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when the application does not exist.</returns>
    Task<ConfigurationResult> SetSelectionPolicyAsync(string applicationName, SelectionPolicy policy, CancellationToken cancellationToken = default);

    /// <summary>Adds an API key (its hash) to an application. Refused when the application is unknown or a field invalid.</summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="key">The key; only its hash is stored.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> AddApiKeyAsync(string applicationName, ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>Revokes (deletes) an application's API key.</summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when the application or the key does not exist.</returns>
    Task<ConfigurationResult> DeleteApiKeyAsync(string applicationName, string keyId, CancellationToken cancellationToken = default);

    /// <summary>Turns on or off whether an application's predictions must present one of its API keys.</summary>
    /// <param name="applicationName">The application name.</param>
    /// <param name="requireKey">Whether a key is required.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when the application does not exist.</returns>
    Task<ConfigurationResult> SetRequireKeyAsync(string applicationName, bool requireKey, CancellationToken cancellationToken = default);

    /// <summary>Registers a model version and makes it the current version of its model.</summary>
    /// <param name="model">The model version; <see cref="ModelVersionRecord.IsCurrent"/> is ignored.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when invalid, taken, or of another input type than an application the model is linked to.</returns>
    Task<ConfigurationResult> AddModelVersionAsync(ModelVersionRecord model, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model version. If it was current, the model has no current version afterwards.</summary>
    /// <param name="id">The model version.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when the version does not exist.</returns>
    Task<ConfigurationResult> DeleteModelVersionAsync(ModelVersionId id, CancellationToken cancellationToken = default);

    /// <summary>Makes an existing version the current version of its model (roll forward or back).</summary>
    /// <param name="id">The model version.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> SetCurrentModelVersionAsync(ModelVersionId id, CancellationToken cancellationToken = default);

    /// <summary>Reserves a replica id for a model version, unique across all frontends (0, 1, 2, ...).</summary>
    /// <param name="model">The model version.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The reserved id.</returns>
    Task<int> AllocateReplicaIdAsync(ModelVersionId model, CancellationToken cancellationToken = default);

    /// <summary>Records a connected replica (replacing a record with the same key).</summary>
    /// <param name="replica">The replica.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when a field is invalid.</returns>
    Task<ConfigurationResult> RegisterReplicaAsync(ReplicaRecord replica, CancellationToken cancellationToken = default);

    /// <summary>Removes a replica record.</summary>
    /// <param name="key">The replica.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; refused when the replica is not registered.</returns>
    Task<ConfigurationResult> RemoveReplicaAsync(ReplicaKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes every replica registered by one frontend (for example when it starts again or shuts down).</summary>
    /// <param name="frontendId">The frontend id.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome; succeeds (without a change) when the frontend had no replicas.</returns>
    Task<ConfigurationResult> RemoveReplicasOfFrontendAsync(string frontendId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Announces a live query frontend, or renews its announcement, for <paramref name="lease"/>:
    /// unless renewed within it, the frontend disappears from <see cref="GetFrontendsAsync"/>.
    /// </summary>
    /// <exception cref="ConfigurationStoreException">Redis cannot be reached.</exception>
    Task RenewFrontendAsync(FrontendRecord frontend, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Withdraws a frontend's announcement at once (a frontend that stops).</summary>
    /// <exception cref="ConfigurationStoreException">Redis cannot be reached.</exception>
    Task RemoveFrontendAsync(string frontendId, CancellationToken cancellationToken = default);

    /// <summary>The frontends whose lease is live, ordered by id.</summary>
    /// <exception cref="ConfigurationStoreException">Redis cannot be reached.</exception>
    Task<IReadOnlyList<FrontendRecord>> GetFrontendsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a canary rollout on an application (ours). Refused unless the application exists, the model is linked to it
    /// and has a current version (which becomes <see cref="CanaryRecord.BaselineVersion"/>), the version is registered, of the
    /// application's input type and not the current version, and the application has no running canary (a finished one
    /// is replaced). A <see cref="CanaryRecord.MaxP99"/> of zero becomes the application's latency objective.
    /// </summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="canary">The rollout; its state must be <see cref="CanaryState.Running"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> StartCanaryAsync(string applicationName, CanaryRecord canary, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a running canary by <paramref name="next"/> if the stored record still equals <paramref name="expected"/>
    /// (compare-and-set; refused with <see cref="ConfigurationErrorCode.Conflict"/> otherwise): the controller's widening
    /// step. Both must be running and name the same model, version and baseline.
    /// </summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="expected">The record as it was read.</param>
    /// <param name="next">The record to store.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> SetCanaryAsync(string applicationName, CanaryRecord expected, CanaryRecord next, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rolls a running canary back: every query goes to the baseline again (its percentage is kept for the record). A
    /// finished canary is left as it is (success without a change). Refused when the application or its canary does not exist.
    /// </summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="reason">Why, for people (for example the limit that broke and the value measured).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> RollBackCanaryAsync(string applicationName, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Promotes a running canary: in one transaction it becomes <see cref="CanaryState.Promoted"/> at 100 % and its version
    /// becomes the model's current version. Refused unless the canary is running and its version still registered.
    /// </summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="reason">Why, for people.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> PromoteCanaryAsync(string applicationName, string reason, CancellationToken cancellationToken = default);

    /// <summary>Forgets an application's finished canary. Refused while it runs (roll it back or promote it first) or when there is none.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcome.</returns>
    Task<ConfigurationResult> DeleteCanaryAsync(string applicationName, CancellationToken cancellationToken = default);
}
