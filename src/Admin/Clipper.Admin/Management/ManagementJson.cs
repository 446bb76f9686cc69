using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Management;

/// <summary>
/// Writes the JSON answers of the query endpoints with Clipper's field names and order. Records that do
/// not exist are written as <c>{}</c>, which Clipper's admin client reads as "not registered".
/// </summary>
internal static class ManagementJson
{
    // The answers are JSON for API clients, never embedded in HTML: escape only what JSON requires, so
    // outputs and labels read as they were given (as Clipper's RapidJSON writer did).
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Array<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writeItem(writer, item);
        }

        writer.WriteEndArray();
    });

    public static string Object<T>(T? item, Action<Utf8JsonWriter, T> writeItem)
        where T : class => Write(writer =>
        {
            if (item is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                writeItem(writer, item);
            }
        });

    public static void WriteApplication(Utf8JsonWriter writer, ApplicationRecord app)
    {
        writer.WriteStartObject();
        writer.WriteString("input_type", app.InputType.ToName());
        writer.WriteString("default_output", app.DefaultOutput);
        writer.WriteNumber("latency_slo_micros", app.LatencySloMicros);
        writer.WriteString("name", app.Name);
        WriteStrings(writer, "linked_models", app.LinkedModels);

        // Extensions: how the application chooses among its models, and each link's options.
        writer.WriteString("policy", app.Policy.ToName());
        writer.WriteStartArray("links");
        foreach (var model in app.LinkedModels)
        {
            var link = app.GetLink(model);
            writer.WriteStartObject();
            writer.WriteString("model_name", model);
            writer.WriteNumber("weight", link.Weight);
            writer.WriteNumber("shadow_percent", link.ShadowPercent);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteModel(Utf8JsonWriter writer, ModelVersionRecord model)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name", model.Name);
        writer.WriteString("model_version", model.Version);
        writer.WriteString("input_type", model.InputType.ToName());
        WriteStrings(writer, "labels", model.Labels);
        writer.WriteString("container_name", model.ContainerName);
        writer.WriteString("model_data_path", model.ModelDataPath);
        writer.WriteNumber("batch_size", model.BatchSize);
        writer.WriteBoolean("is_current_version", model.IsCurrent);

        // Extension: the bound of each frontend's prediction cache for the version (0: none).
        writer.WriteNumber("cache_bytes", model.CacheBytes);
        writer.WriteEndObject();
    }

    public static void WriteContainer(Utf8JsonWriter writer, ReplicaRecord replica, InputType? inputType)
    {
        writer.WriteStartObject();
        writer.WriteString("model_id", replica.Model.ToString());
        writer.WriteString("model_name", replica.ModelName);
        writer.WriteString("model_version", replica.ModelVersion);
        writer.WriteNumber("model_replica_id", replica.ReplicaId);
        if (inputType is { } type)
        {
            writer.WriteString("input_type", type.ToName());
        }

        writer.WriteString("container_id", replica.ContainerId);
        writer.WriteString("frontend_id", replica.FrontendId);
        writer.WriteString("address", replica.Address);
        writer.WriteString("connected_at", replica.ConnectedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("protocol", replica.Protocol);

        // Extensions: the connection's state, and how often its container came back to that frontend after losing its connection.
        writer.WriteString("state", replica.State);
        writer.WriteNumber("reconnects", replica.Reconnects);
        writer.WriteEndObject();
    }

    /// <summary>A key just made: the only answer that ever holds the key itself.</summary>
    public static void WriteNewApiKey(Utf8JsonWriter writer, string appName, ApiKeyRecord key, string secretKey)
    {
        writer.WriteStartObject();
        writer.WriteString("app_name", appName);
        writer.WriteString("key_id", key.KeyId);
        writer.WriteString("key", secretKey);
        writer.WriteString("label", key.Label);
        writer.WriteString("created_at", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    /// <summary>An application's key state: whether it requires a key, and its keys without secrets or hashes.</summary>
    public static void WriteApiKeys(Utf8JsonWriter writer, ApplicationRecord app)
    {
        writer.WriteStartObject();
        writer.WriteString("app_name", app.Name);
        writer.WriteBoolean("require_key", app.RequireKey);
        writer.WriteStartArray("keys");
        foreach (var key in app.ApiKeys)
        {
            writer.WriteStartObject();
            writer.WriteString("key_id", key.KeyId);
            writer.WriteString("label", key.Label);
            writer.WriteString("created_at", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A live query frontend, with the number of replicas connected to it per model version (<c>name:version</c>).</summary>
    public static void WriteFrontend(Utf8JsonWriter writer, FrontendRecord frontend, IEnumerable<KeyValuePair<string, int>>? replicas)
    {
        writer.WriteStartObject();
        writer.WriteString("id", frontend.Id);
        writer.WriteString("rpc_address", frontend.RpcAddress);
        writer.WriteString("http_address", frontend.HttpAddress);
        writer.WriteString("started_at", frontend.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteStartObject("replicas");
        foreach (var (model, count) in replicas ?? [])
        {
            writer.WriteNumber(model, count);
        }

        writer.WriteEndObject();

        // The containers it refused lately (wrong RPC version, another input type...), newest first.
        writer.WriteStartArray("refused_containers");
        foreach (var refusal in frontend.RefusedContainers)
        {
            writer.WriteStartObject();
            writer.WriteString("at", refusal.At.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("protocol", refusal.Protocol);
            writer.WriteString("address", refusal.Address);
            writer.WriteString("model", refusal.Model);
            writer.WriteString("reason", refusal.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // Each app's counters on it, for live views. The store's decoder let only a JSON object through, so it is not
        // parsed a second time here.
        if (frontend.AppCounters is { } counters)
        {
            writer.WritePropertyName("apps");
            writer.WriteRawValue(counters, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
