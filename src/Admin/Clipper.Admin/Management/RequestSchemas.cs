namespace Clipper.Admin.Management;

/// <summary>The expected request bodies, quoted in JSON errors as Clipper does.</summary>
internal static class RequestSchemas
{
    public const string AddApplication = """
        {
          "name" := string,
          "input_type" := "integers" | "bytes" | "floats" | "doubles" | "strings",
          "default_output" := string,
          "latency_slo_micros" := int,
          "require_key" := bool (optional, default false: predictions need no API key)
        }
        """;

    public const string ApplicationName = """
        {
          "name" := string
        }
        """;

    public const string ModelLinks = """
        {
          "app_name" := string,
          "model_names" := [string]
        }
        """;

    public const string LinkedModels = """
        {
          "app_name" := string
        }
        """;

    public const string AddModel = """
        {
          "model_name" := string,
          "model_version" := string,
          "labels" := [string],
          "input_type" := "integers" | "bytes" | "floats" | "doubles" | "strings",
          "container_name" := string,
          "model_data_path" := string,
          "batch_size" := int (-1 for adaptive batching),
          "cache_bytes" := int (optional, default 33554432 (32 MiB): each frontend's prediction cache for the version; 0 for none, at most 17179869184)
        }
        """;

    public const string SetModelLink = """
        {
          "app_name" := string,
          "model_name" := string,
          "weight" := int (optional, default 1: the model's share of the queries under the split policy, 0 to 1000000),
          "shadow_percent" := int (optional, default 0: served; 1 to 100: a shadow sent that percentage of the queries)
        }
        """;

    public const string SetAppPolicy = """
        {
          "app_name" := string,
          "policy" := "split" | "ensemble" | "exp3" | "exp4"
        }
        """;

    public const string ModelVersion = """
        {
          "model_name" := string,
          "model_version" := string
        }
        """;

    public const string Verbose = """
        {
          "verbose" := bool
        }
        """;

    public const string Container = """
        {
          "model_name" := string,
          "model_version" := string,
          "replica_id" := int
        }
        """;

    public const string AddApiKey = """
        {
          "app_name" := string,
          "label" := string (optional, at most 100 characters)
        }
        """;

    public const string ApiKeyId = """
        {
          "app_name" := string,
          "key_id" := string (16 hexadecimal characters)
        }
        """;

    public const string RequireKey = """
        {
          "app_name" := string,
          "require_key" := bool
        }
        """;

    public const string StartCanary = """
        {
          "app_name" := string,
          "model_name" := string (a model linked to the application),
          "model_version" := string (a registered version that is not the current one),
          "percent" := int (1 to 100: the canary's share of the model's queries),
          "step" := int (optional, default 0: how much the share grows each interval, 0 to 100; 0 never widens),
          "interval_seconds" := number (optional, default 30: how long each share must hold its limits),
          "max_error_rate" := number (optional, default 0.01: the largest share of the canary's queries answered by default, 0 to 1),
          "max_p99_micros" := int (optional, default the application's latency objective: the largest p99 latency)
        }
        """;

    public const string Empty = """
        {}
        """;
}
