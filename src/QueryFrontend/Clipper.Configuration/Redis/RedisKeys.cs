using Clipper.ModelRpc.Protocol;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>The key layout (see docs/redis-layout.md). Names and versions are DNS-1123 labels, so ':' separates parts unambiguously.</summary>
internal sealed class RedisKeys
{
    private readonly string _prefix;

    public RedisKeys(string prefix)
    {
        _prefix = prefix;
        Revision = prefix + "revision";
        Epoch = prefix + "epoch";
        Applications = prefix + "apps";
        ModelVersions = prefix + "models";
        CurrentVersions = prefix + "current-versions";
        Replicas = prefix + "replicas";
        Frontends = prefix + "frontends";
        Changes = RedisChannel.Literal(prefix + "changes");
    }

    /// <summary>String counter, incremented by every change.</summary>
    public RedisKey Revision { get; }

    /// <summary>String, a random id set with the first change to an empty data set.</summary>
    public RedisKey Epoch { get; }

    /// <summary>Set of application names.</summary>
    public RedisKey Applications { get; }

    /// <summary>Set of <c>name:version</c>.</summary>
    public RedisKey ModelVersions { get; }

    /// <summary>Hash of model name to its current version.</summary>
    public RedisKey CurrentVersions { get; }

    /// <summary>Set of <c>name:version:replica_id</c>.</summary>
    public RedisKey Replicas { get; }

    /// <summary>Set of the ids of frontends that announced themselves; each one's lease is its <see cref="Frontend"/> key.</summary>
    public RedisKey Frontends { get; }

    /// <summary>The channel every change is published on.</summary>
    public RedisChannel Changes { get; }

    /// <summary>Hash of an application's fields.</summary>
    public RedisKey Application(string name) => _prefix + "app:" + name;

    /// <summary>Set of the model names linked to an application.</summary>
    public RedisKey Links(string applicationName) => _prefix + "links:" + applicationName;

    /// <summary>Hash of the options of an application's links that were given some: model name → JSON (weight, shadow share).</summary>
    public RedisKey LinkOptions(string applicationName) => _prefix + "link-options:" + applicationName;

    /// <summary>
    /// Hash of an application's learned selection state (Exp3, Exp4): model name → log-weight, changed only by
    /// HINCRBYFLOAT so that every frontend's feedback adds up. Deleted with the application.
    /// </summary>
    public RedisKey PolicyState(string applicationName) => _prefix + "policy-state:" + applicationName;

    /// <summary>String, JSON of an application's canary rollout (running or finished). Deleted with the application.</summary>
    public RedisKey Canary(string applicationName) => _prefix + "canary:" + applicationName;

    /// <summary>
    /// Hash of the canary windows the frontends publish for an application: frontend id → JSON (counts, p99, since, at,
    /// expires_at). Not configuration; stale fields are pruned on read; deleted with the application.
    /// </summary>
    public RedisKey CanaryStats(string applicationName) => _prefix + "canary-stats:" + applicationName;

    /// <summary>Hash of an application's API keys: key id → JSON of the secret's hash, the label and the creation time.</summary>
    public RedisKey ApiKeys(string applicationName) => _prefix + "app-keys:" + applicationName;

    /// <summary>Hash of a model version's fields.</summary>
    public RedisKey Model(ModelVersionId id) => _prefix + "model:" + id.ToString();

    /// <summary>Hash of a replica's fields.</summary>
    public RedisKey Replica(ReplicaKey key) => _prefix + "replica:" + key.ToString();

    /// <summary>Hash of a frontend's announcement; it expires when the frontend stops renewing its lease.</summary>
    public RedisKey Frontend(string frontendId) => _prefix + "frontend:" + frontendId;

    /// <summary>Set of the replica members (<c>name:version:replica_id</c>) registered by one frontend.</summary>
    public RedisKey FrontendReplicas(string frontendId) => _prefix + "frontend:" + frontendId + ":replicas";

    /// <summary>String counter of replica ids handed out for a model version.</summary>
    public RedisKey ReplicaIds(ModelVersionId id) => _prefix + "replica-ids:" + id.ToString();
}
