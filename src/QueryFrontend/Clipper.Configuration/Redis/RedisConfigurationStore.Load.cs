using Clipper.ModelRpc.Protocol;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Reading a consistent snapshot.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<ClusterConfiguration> LoadAsync(CancellationToken cancellationToken = default) =>
        RunAsync("load", database => LoadCoreAsync(database, cancellationToken), cancellationToken);

    /// <summary>
    /// Two round trips: the revision and the index sets in one MULTI/EXEC, then every record in a second one
    /// that only commits if the revision has not moved. Every change increments the revision in its own
    /// transaction, so an unchanged revision proves that both reads saw the same state.
    /// </summary>
    private async Task<ClusterConfiguration> LoadCoreAsync(IDatabase database, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            var index = database.CreateTransaction();
            var revisionRead = index.StringGetAsync(_keys.Revision);
            var epochRead = index.StringGetAsync(_keys.Epoch);
            var appsRead = index.SetMembersAsync(_keys.Applications);
            var modelsRead = index.SetMembersAsync(_keys.ModelVersions);
            var replicasRead = index.SetMembersAsync(_keys.Replicas);
            var currentRead = index.HashGetAllAsync(_keys.CurrentVersions);
            await index.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

            var revision = ParseRevision(await revisionRead.ConfigureAwait(false));
            var records = database.CreateTransaction();
            records.AddCondition(RevisionIs(revision));
            var apps = (await appsRead.ConfigureAwait(false))
                .Select(m => m.ToString())
                .Select(name => (
                    Name: name,
                    Hash: records.HashGetAllAsync(_keys.Application(name)),
                    Links: records.SetMembersAsync(_keys.Links(name)),
                    Keys: records.HashGetAllAsync(_keys.ApiKeys(name)),
                    LinkOptions: records.HashGetAllAsync(_keys.LinkOptions(name)),
                    Canary: records.StringGetAsync(_keys.Canary(name))))
                .ToList();
            var models = ParseMembers<ModelVersionId>(await modelsRead.ConfigureAwait(false), RedisRecordCodec.TryParseModelId, _keys.ModelVersions)
                .Select(id => (Id: id, Hash: records.HashGetAllAsync(_keys.Model(id))))
                .ToList();
            var replicas = ParseMembers<ReplicaKey>(await replicasRead.ConfigureAwait(false), RedisRecordCodec.TryParseReplicaKey, _keys.Replicas)
                .Select(key => (Key: key, Hash: records.HashGetAllAsync(_keys.Replica(key))))
                .ToList();

            if (!await records.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.LoadRaced(_logger, attempt);
                continue;
            }

            var current = (await currentRead.ConfigureAwait(false)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            var applicationRecords = new List<ApplicationRecord>(apps.Count);
            var keyProblems = new List<string>();
            foreach (var (name, hash, links, keys, linkOptions, canary) in apps)
            {
                var decoded = RedisRecordCodec.DecodeApplication(await hash.ConfigureAwait(false), await links.ConfigureAwait(false), out var reason);
                keyProblems.Clear();
                var apiKeys = RedisApiKeys.Decode(await keys.ConfigureAwait(false), keyProblems);
                foreach (var problem in keyProblems)
                {
                    Log.MalformedRecord(_logger, _keys.ApiKeys(name).ToString(), problem);
                }

                if (decoded is not null)
                {
                    keyProblems.Clear();
                    var options = RedisLinkOptions.Decode(await linkOptions.ConfigureAwait(false), decoded.LinkedModels, keyProblems);
                    foreach (var problem in keyProblems)
                    {
                        Log.MalformedRecord(_logger, _keys.LinkOptions(name).ToString(), problem);
                    }

                    decoded = decoded with { ApiKeys = apiKeys, LinkOptions = options, Canary = DecodeCanary(name, await canary.ConfigureAwait(false)) };
                }

                AddDecoded(applicationRecords, decoded, _keys.Application(name), reason);
            }

            var modelRecords = new List<ModelVersionRecord>(models.Count);
            foreach (var (id, hash) in models)
            {
                var decoded = RedisRecordCodec.DecodeModel(await hash.ConfigureAwait(false), current.GetValueOrDefault(id.Name), out var reason);
                AddDecoded(modelRecords, decoded is null || decoded.Id == id ? decoded : null, _keys.Model(id), reason ?? "its fields name another model version");
            }

            var replicaRecords = new List<ReplicaRecord>(replicas.Count);
            foreach (var (key, hash) in replicas)
            {
                var decoded = RedisRecordCodec.DecodeReplica(await hash.ConfigureAwait(false), out var reason);
                AddDecoded(replicaRecords, decoded is null || decoded.Key == key ? decoded : null, _keys.Replica(key), reason ?? "its fields name another replica");
            }

            var epoch = (await epochRead.ConfigureAwait(false)).ToString();
            return new ClusterConfiguration(revision, epoch, applicationRecords, modelRecords, replicaRecords);
        }

        throw StoreExceptions.InconsistentRead(_options.MaxAttempts);
    }

    /// <summary>An application's canary; one that cannot be read is logged and left out (the application is still served).</summary>
    private CanaryRecord? DecodeCanary(string applicationName, RedisValue json)
    {
        if (json.IsNull)
        {
            return null;
        }

        var canary = RedisCanaryCodec.Decode(json.ToString(), out var reason);
        if (canary is null)
        {
            Log.MalformedRecord(_logger, _keys.Canary(applicationName).ToString(), reason ?? "unreadable");
        }

        return canary;
    }

    private static long ParseRevision(RedisValue value) => value.IsNull ? 0 : (long)value;

    private Condition RevisionIs(long revision) =>
        revision == 0 ? Condition.KeyNotExists(_keys.Revision) : Condition.StringEqual(_keys.Revision, revision);

    private List<T> ParseMembers<T>(RedisValue[] members, TryParse<T> parse, RedisKey set)
    {
        var parsed = new List<T>(members.Length);
        foreach (var member in members)
        {
            if (parse(member.ToString(), out var value))
            {
                parsed.Add(value);
            }
            else
            {
                Log.MalformedRecord(_logger, set.ToString(), $"member '{member}' cannot be parsed");
            }
        }

        return parsed;
    }

    private void AddDecoded<T>(List<T> records, T? record, RedisKey key, string? reason)
        where T : class
    {
        if (record is null)
        {
            Log.MalformedRecord(_logger, key.ToString(), reason ?? "the record is missing");
        }
        else
        {
            records.Add(record);
        }
    }

    private delegate bool TryParse<T>(string text, out T value);
}
