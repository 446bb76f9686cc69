namespace Clipper.Fuzz.Seeds;

/// <content>Seeds of the HTTP bodies: predictions (docs and Clipper's examples) and the management API.</content>
internal static partial class SeedCorpus
{
    private static Dictionary<string, byte[]> PredictBodies() => new(StringComparer.Ordinal)
    {
        ["doubles"] = Seed("""{"input": [1.0, 2.0, 3.0, 4.0]}"""),
        ["integers-batch"] = Seed("""{"input_batch": [[1, 2], [3, 4e0], [-2147483648]]}"""),
        ["floats-exponent"] = Seed("""{"input": [1e-46, 3.4028235e38, -0.0, 12345678901234567890]}"""),
        ["strings"] = Seed("""{"input_batch": ["hello", "gr\u00fc\u00dfe \ud83d\ude00", "\"quoted\"\n"]}"""),
        ["bytes-base64"] = Seed("""{"input": "AAECAwQ="}"""),
        ["both-properties"] = Seed("""{"input": [1], "input_batch": [[1]]}"""),
        ["unknown-property"] = Seed("""{"inputs": [1.0]}"""),
        ["too-many"] = Seed("""{"input_batch": [[1],[2],[3],[4],[5],[6],[7],[8],[9]]}"""),
        ["not-json"] = Seed("""{"input": [1.0, 2.0"""),
        ["trailing"] = Seed("""{"input": [1]} {}"""),
        ["nested"] = Seed("""{"input": [[[[[[1]]]]]]}"""),
        ["whitespace"] = Seed(" \t\r\n"),
    };

    private static Dictionary<string, byte[]> ManagementRequests() => new(StringComparer.Ordinal)
    {
        ["add-app"] = Seed("""{"name": "example", "input_type": "doubles", "default_output": "-1.0", "latency_slo_micros": 100000}"""),
        ["add-model"] = Seed("""{"model_name": "sum", "model_version": "1", "labels": ["a", "b"], "input_type": "ints", "container_name": "clipper/sum:1", "model_data_path": "/tmp/m", "batch_size": -1}"""),
        ["add-model-cache"] = Seed("""{"model_name": "sum", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "c", "model_data_path": "", "batch_size": 4, "cache_bytes": 0}"""),
        ["set-model-link"] = Seed("""{"app_name": "example", "model_name": "sum", "weight": 3, "shadow_percent": 0}"""),
        ["set-model-link-range"] = Seed("""{"app_name": "example", "model_name": "sum", "weight": -1, "shadow_percent": 101}"""),
        ["set-app-policy"] = Seed("""{"app_name": "example", "policy": "exp3"}"""),
        ["model-links"] = Seed("""{"app_name": "example", "model_names": ["sum"]}"""),
        ["model-version"] = Seed("""{"model_name": "sum", "model_version": "1"}"""),
        ["container"] = Seed("""{"model_name": "sum", "model_version": "1", "replica_id": 0}"""),
        ["verbose"] = Seed("""{"verbose": true}"""),
        ["empty"] = Seed("{}"),
        ["wrong-type"] = Seed("""{"name": 5, "latency_slo_micros": 1.5, "replica_id": 99999999999, "labels": [1]}"""),
        ["not-object"] = Seed("""["name"]"""),
        ["unknown-input-type"] = Seed("""{"name": "a", "input_type": "tensors", "default_output": "", "latency_slo_micros": 1}"""),
        ["escapes"] = Seed("""{"name": "a\u0000b", "model_names": ["\ud800"]}"""),
    };
}
