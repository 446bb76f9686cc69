using System.Diagnostics.CodeAnalysis;
using Clipper.Configuration;
using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Management;

/// <summary>
/// Turns each operation's JSON body into its request, Clipper's way: every field is read in order and the first
/// problem answers 400 with Clipper's wording. What the request means for the stored configuration (names, links,
/// versions) is checked afterwards by the store. Pure functions, so they are fuzzed without a server.
/// </summary>
internal static partial class ManagementRequests
{
    /// <summary><c>add_app</c>: the application to add.</summary>
    public static bool TryReadApplication(JsonRequest request, [NotNullWhen(true)] out ApplicationRecord? application, out Reply failure)
    {
        var name = request.String("name");
        var inputTypeName = request.String("input_type");
        var defaultOutput = request.String("default_output");
        var latencySloMicros = request.Int64("latency_slo_micros");
        var requireKey = request.OptionalBool("require_key", absent: false);
        application = null;
        if (!Succeeded(request, out failure) || !TryParseInputType(inputTypeName, out var inputType, out failure))
        {
            return false;
        }

        application = new ApplicationRecord { Name = name, InputType = inputType, DefaultOutput = defaultOutput, LatencySloMicros = latencySloMicros, RequireKey = requireKey };
        return true;
    }

    /// <summary><c>add_model</c>: the model version to add.</summary>
    public static bool TryReadModelVersion(JsonRequest request, [NotNullWhen(true)] out ModelVersionRecord? model, out Reply failure)
    {
        var name = request.String("model_name");
        var version = request.String("model_version");
        var labels = request.StringArray("labels");
        var inputTypeName = request.String("input_type");
        var containerName = request.String("container_name");
        var modelDataPath = request.String("model_data_path");
        var batchSize = request.Int32("batch_size");
        var cacheBytes = request.OptionalInt64("cache_bytes", absent: ModelVersionRecord.DefaultCacheBytes);
        model = null;
        if (!Succeeded(request, out failure)
            || !TryParseInputType(inputTypeName, out var inputType, out failure)
            || !Valid(ConfigurationValidator.ValidateCacheBytes(cacheBytes), out failure))
        {
            return false;
        }

        model = new ModelVersionRecord
        {
            Name = name,
            Version = version,
            InputType = inputType,
            BatchSize = batchSize,
            CacheBytes = cacheBytes,
            Labels = [.. labels],
            ContainerName = containerName,
            ModelDataPath = modelDataPath,
        };
        return true;
    }

    /// <summary><c>add_model_links</c>, <c>delete_model_links</c>: an application and model names.</summary>
    public static bool TryReadModelLinks(JsonRequest request, out string applicationName, out string[] modelNames, out Reply failure)
    {
        applicationName = request.String("app_name");
        modelNames = request.StringArray("model_names");
        return Succeeded(request, out failure);
    }

    /// <summary><c>set_model_link</c> (ours): an application, a model and the link's options, whose ranges are checked here.</summary>
    public static bool TryReadModelLink(JsonRequest request, out string applicationName, [NotNullWhen(true)] out ModelLink? link, out Reply failure)
    {
        applicationName = request.String("app_name");
        var modelName = request.String("model_name");
        var weight = request.OptionalInt64("weight", absent: ModelLink.DefaultWeight);
        var shadowPercent = request.OptionalInt64("shadow_percent", absent: 0);
        link = null;
        if (!Succeeded(request, out failure)
            || !Valid(ConfigurationValidator.ValidateLinkWeight(weight) ?? ConfigurationValidator.ValidateShadowPercent(shadowPercent), out failure))
        {
            return false;
        }

        link = new ModelLink { Model = modelName, Weight = (int)weight, ShadowPercent = (int)shadowPercent };
        return true;
    }

    /// <summary><c>set_app_policy</c> (ours): an application and a policy name.</summary>
    public static bool TryReadSelectionPolicy(JsonRequest request, out string applicationName, out SelectionPolicy policy, out Reply failure)
    {
        applicationName = request.String("app_name");
        var name = request.String("policy");
        policy = default;
        return Succeeded(request, out failure) && Valid(ConfigurationValidator.ParseSelectionPolicy(name, out policy), out failure);
    }

    /// <summary>The operations on one model version (<c>get_model</c>, <c>set_model_version</c>...).</summary>
    public static bool TryReadModelVersionId(JsonRequest request, out ModelVersionId id, out Reply failure)
    {
        id = ReadModelVersionId(request);
        return Succeeded(request, out failure);
    }

    /// <summary><c>get_container</c>: a model version and a replica id.</summary>
    public static bool TryReadReplicaKey(JsonRequest request, out ReplicaKey key, out Reply failure)
    {
        var id = ReadModelVersionId(request);
        key = new ReplicaKey(id, request.Int32("replica_id"));
        return Succeeded(request, out failure);
    }

    /// <summary>An operation whose body names one thing: <paramref name="key"/> is <c>name</c> or <c>app_name</c>.</summary>
    public static bool TryReadString(JsonRequest request, string key, out string value, out Reply failure)
    {
        value = request.String(key);
        return Succeeded(request, out failure);
    }

    /// <summary>The listings (<c>get_all_models</c>...): whether to answer whole records or names.</summary>
    public static bool TryReadVerbose(JsonRequest request, out bool verbose, out Reply failure)
    {
        verbose = request.Bool("verbose");
        return Succeeded(request, out failure);
    }

    /// <summary><c>add_api_key</c>: the application and the new key's label (ours: optional, empty by default).</summary>
    public static bool TryReadNewApiKey(JsonRequest request, out string applicationName, out string label, out Reply failure)
    {
        applicationName = request.String("app_name");
        label = request.OptionalString("label", absent: "");
        if (!Succeeded(request, out failure))
        {
            return false;
        }

        return Valid(ConfigurationValidator.ValidateKeyLabel(label), out failure);
    }

    /// <summary><c>delete_api_key</c>: the application and a key id, which is checked here so that a whole key given by mistake goes no further.</summary>
    public static bool TryReadApiKeyId(JsonRequest request, out string applicationName, out string keyId, out Reply failure)
    {
        applicationName = request.String("app_name");
        keyId = request.String("key_id");
        if (!Succeeded(request, out failure))
        {
            return false;
        }

        return Valid(ConfigurationValidator.ValidateKeyId(keyId), out failure);
    }

    /// <summary><c>set_require_key</c>: the application and whether its predictions need a key.</summary>
    public static bool TryReadRequireKey(JsonRequest request, out string applicationName, out bool requireKey, out Reply failure)
    {
        applicationName = request.String("app_name");
        requireKey = request.Bool("require_key");
        return Succeeded(request, out failure);
    }

    /// <summary>An operation without fields (<c>get_query_frontends</c>): the body must still be a JSON object.</summary>
    public static bool TryReadEmpty(JsonRequest request, out Reply failure) => Succeeded(request, out failure);

    private static ModelVersionId ReadModelVersionId(JsonRequest request) =>
        new(request.String("model_name"), request.String("model_version"));

    private static bool Succeeded(JsonRequest request, out Reply failure)
    {
        if (request.Error is { } jsonError)
        {
            failure = Reply.BadRequest(jsonError);
            return false;
        }

        failure = default;
        return true;
    }

    private static bool Valid(ConfigurationError? error, out Reply failure)
    {
        failure = error is null ? default : Reply.Refused(error);
        return error is null;
    }

    private static bool TryParseInputType(string name, out InputType inputType, out Reply failure)
    {
        if (!ConfigurationValidator.TryParseInputType(name, "input_type", out inputType, out var typeError))
        {
            failure = Reply.Refused(typeError);
            return false;
        }

        failure = default;
        return true;
    }
}
