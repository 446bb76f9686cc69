using System.Collections.Immutable;
using System.Globalization;
using Clipper.ModelRpc.Protocol;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// Converts records to and from Redis hashes. Field names are Clipper's. Decoding returns
/// <see langword="null"/> (with a reason) for a hash it cannot read, so one bad record cannot stop a load.
/// </summary>
internal static class RedisRecordCodec
{
    public static HashEntry[] Encode(ApplicationRecord app) =>
    [
        new("name", app.Name),
        new("input_type", app.InputType.ToName()),
        new("default_output", app.DefaultOutput),
        new("latency_slo_micros", app.LatencySloMicros),
        new("require_key", app.RequireKey ? "true" : "false"),
        new("policy", app.Policy.ToName()),
    ];

    public static HashEntry[] Encode(ModelVersionRecord model) =>
    [
        new("model_name", model.Name),
        new("model_version", model.Version),
        new("input_type", model.InputType.ToName()),
        new("labels", RedisLabels.Encode(model.Labels)),
        new("container_name", model.ContainerName),
        new("model_data_path", model.ModelDataPath),
        new("batch_size", model.BatchSize),
        new("cache_bytes", model.CacheBytes),
    ];

    public static HashEntry[] Encode(ReplicaRecord replica) =>
    [
        new("model_id", replica.Model.ToString()),
        new("model_name", replica.ModelName),
        new("model_version", replica.ModelVersion),
        new("model_replica_id", replica.ReplicaId),
        new("container_id", replica.ContainerId),
        new("frontend_id", replica.FrontendId),
        new("address", replica.Address),
        new("connected_at", replica.ConnectedAt.ToString("O", CultureInfo.InvariantCulture)),
        new("protocol", replica.Protocol),
        new("reconnects", replica.Reconnects),
        new("state", replica.State),
    ];

    public static HashEntry[] Encode(FrontendRecord frontend) =>
    [
        new("id", frontend.Id),
        new("rpc_host", frontend.RpcHost),
        new("rpc_port", frontend.RpcPort),
        new("http_address", frontend.HttpAddress),
        new("started_at", frontend.StartedAt.ToString("O", CultureInfo.InvariantCulture)),
        new("refused_containers", RedisRefusals.Encode(frontend.RefusedContainers)),
        new("app_counters", frontend.AppCounters ?? "{}"),
    ];

    public static FrontendRecord? DecodeFrontend(HashEntry[] hash, out string? reason)
    {
        var fields = ToDictionary(hash);
        if (!TryGet(fields, "id", out var id, out reason)
            || !TryGet(fields, "rpc_host", out var rpcHost, out reason)
            || !TryGetInt64(fields, "rpc_port", out var rpcPort, out reason)
            || !TryGet(fields, "http_address", out var httpAddress, out reason)
            || !TryGet(fields, "started_at", out var startedAtText, out reason))
        {
            return null;
        }

        if (rpcPort is < 1 or > 65535)
        {
            reason = $"rpc_port {rpcPort} is not a TCP port (1 to 65535)";
            return null;
        }

        if (!DateTimeOffset.TryParseExact(startedAtText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startedAt))
        {
            reason = $"started_at '{startedAtText}' is not an ISO 8601 time";
            return null;
        }

        // Frontends before refusals were published wrote no such field.
        IReadOnlyList<RefusedContainerRecord> refused = [];
        if (fields.TryGetValue("refused_containers", out var refusedJson) && !RedisRefusals.TryDecode(refusedJson, out refused, out reason))
        {
            return null;
        }

        // Counters are for live views only: a field that is not a JSON object is left out rather than losing the frontend.
        var counters = fields.TryGetValue("app_counters", out var countersJson) && IsJsonObject(countersJson) ? countersJson : null;
        return new FrontendRecord { Id = id, RpcHost = rpcHost, RpcPort = (int)rpcPort, HttpAddress = httpAddress, StartedAt = startedAt, RefusedContainers = refused, AppCounters = counters };
    }

    public static ApplicationRecord? DecodeApplication(HashEntry[] hash, RedisValue[] links, out string? reason)
    {
        var fields = ToDictionary(hash);
        if (!TryGet(fields, "name", out var name, out reason)
            || !TryGetInputType(fields, out var inputType, out reason)
            || !TryGet(fields, "default_output", out var defaultOutput, out reason)
            || !TryGetInt64(fields, "latency_slo_micros", out var slo, out reason))
        {
            return null;
        }

        // Applications written before API keys existed have no such field: they require none.
        var requireKey = false;
        if (fields.TryGetValue("require_key", out var requireText) && !TryParseFlag(requireText, out requireKey))
        {
            reason = $"field 'require_key' is neither 'true' nor 'false': '{requireText}'";
            return null;
        }

        // Absent in applications written before policies (they split); an unknown one cannot be served as meant: left out.
        var policy = SelectionPolicy.Split;
        if (fields.TryGetValue("policy", out var policyText) && !SelectionPolicies.TryParse(policyText, out policy))
        {
            reason = $"field 'policy' is not one of {SelectionPolicies.Names}: '{policyText}'";
            return null;
        }

        var linked = links.Select(l => l.ToString()).Order(StringComparer.Ordinal).ToImmutableArray();
        return new ApplicationRecord { Name = name, InputType = inputType, DefaultOutput = defaultOutput, LatencySloMicros = slo, LinkedModels = linked, RequireKey = requireKey, Policy = policy };
    }

    public static ModelVersionRecord? DecodeModel(HashEntry[] hash, string? currentVersion, out string? reason)
    {
        var fields = ToDictionary(hash);
        if (!TryGet(fields, "model_name", out var name, out reason)
            || !TryGet(fields, "model_version", out var version, out reason)
            || !TryGetInputType(fields, out var inputType, out reason)
            || !TryGet(fields, "container_name", out var container, out reason)
            || !TryGet(fields, "model_data_path", out var dataPath, out reason)
            || !TryGetInt64(fields, "batch_size", out var batchSize, out reason)
            || !TryGet(fields, "labels", out var labels, out reason)
            || !RedisLabels.TryDecode(labels, out var labelArray, out reason))
        {
            return null;
        }

        // Versions written before prediction caches were bounded per version have no such field: they get the default.
        var cacheBytes = ModelVersionRecord.DefaultCacheBytes;
        if (fields.ContainsKey("cache_bytes") && (!TryGetInt64(fields, "cache_bytes", out cacheBytes, out reason) || cacheBytes is < 0 or > ModelVersionRecord.MaxCacheBytes))
        {
            reason ??= $"field 'cache_bytes' is out of range (0 to {ModelVersionRecord.MaxCacheBytes}): {cacheBytes}";
            return null;
        }

        return new ModelVersionRecord
        {
            Name = name,
            Version = version,
            InputType = inputType,
            BatchSize = (int)Math.Clamp(batchSize, int.MinValue, int.MaxValue),
            CacheBytes = cacheBytes,
            Labels = labelArray,
            ContainerName = container,
            ModelDataPath = dataPath,
            IsCurrent = string.Equals(version, currentVersion, StringComparison.Ordinal),
        };
    }

    public static ReplicaRecord? DecodeReplica(HashEntry[] hash, out string? reason)
    {
        var fields = ToDictionary(hash);
        if (!TryGet(fields, "model_name", out var name, out reason)
            || !TryGet(fields, "model_version", out var version, out reason)
            || !TryGetInt64(fields, "model_replica_id", out var replicaId, out reason)
            || !TryGet(fields, "container_id", out var containerId, out reason)
            || !TryGet(fields, "frontend_id", out var frontendId, out reason)
            || !TryGet(fields, "address", out var address, out reason)
            || !TryGet(fields, "connected_at", out var connectedAtText, out reason))
        {
            return null;
        }

        if (!DateTimeOffset.TryParseExact(connectedAtText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var connectedAt))
        {
            reason = $"connected_at '{connectedAtText}' is not an ISO 8601 time";
            return null;
        }

        return new ReplicaRecord
        {
            ModelName = name,
            ModelVersion = version,
            ReplicaId = (int)Math.Clamp(replicaId, 0, int.MaxValue),
            ContainerId = containerId,
            FrontendId = frontendId,
            Address = address,
            ConnectedAt = connectedAt,

            // Records written before the protocol was recorded are our protocol's.
            Protocol = fields.TryGetValue("protocol", out var protocol) && protocol.Length > 0 ? protocol : ReplicaProtocols.ModelRpc,

            // Records written before reconnects and states were recorded (older frontends) read as a first connection.
            // Both are for views only: an unreadable count reads as 0 rather than losing the replica from the routing view.
            Reconnects = fields.TryGetValue("reconnects", out var reconnects) && int.TryParse(reconnects, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0,
            State = fields.TryGetValue("state", out var state) && state.Length > 0 ? state : ReplicaConnectionStates.Connected,
        };
    }

    public static bool TryParseModelId(string member, out ModelVersionId id)
    {
        var parts = member.Split(':');
        id = parts.Length == 2 ? new ModelVersionId(parts[0], parts[1]) : default;
        return parts.Length == 2;
    }

    public static bool TryParseReplicaKey(string member, out ReplicaKey key)
    {
        var parts = member.Split(':');
        if (parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var replicaId))
        {
            key = new ReplicaKey(new ModelVersionId(parts[0], parts[1]), replicaId);
            return true;
        }

        key = default;
        return false;
    }

    private static bool TryParseFlag(string text, out bool value) => (value = text == "true") || text == "false";

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> ToDictionary(HashEntry[] hash)
    {
        var fields = new Dictionary<string, string>(hash.Length, StringComparer.Ordinal);
        foreach (var entry in hash)
        {
            fields[entry.Name.ToString()] = entry.Value.ToString();
        }

        return fields;
    }

    private static bool TryGet(Dictionary<string, string> fields, string name, out string value, out string? reason)
    {
        if (fields.TryGetValue(name, out value!))
        {
            reason = null;
            return true;
        }

        reason = $"field '{name}' is missing";
        return false;
    }

    private static bool TryGetInt64(Dictionary<string, string> fields, string name, out long value, out string? reason)
    {
        value = 0;
        if (!TryGet(fields, name, out var text, out reason))
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        reason = $"field '{name}' is not an integer: '{text}'";
        return false;
    }

    private static bool TryGetInputType(Dictionary<string, string> fields, out InputType inputType, out string? reason)
    {
        inputType = default;
        if (!TryGet(fields, "input_type", out var text, out reason))
        {
            return false;
        }

        if (InputTypes.TryParse(text, out inputType))
        {
            return true;
        }

        reason = $"field 'input_type' is not a known input type: '{text}'";
        return false;
    }
}
