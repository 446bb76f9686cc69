using System.Globalization;
using System.Net;
using System.Text.Json;
using static Clipper.Integration.Tests.Serving.OipClient;

namespace Clipper.Integration.Tests.Serving;

/// <summary>The Open Inference Protocol's REST endpoints on a real query frontend, with real Redis and real model processes.</summary>
public sealed class OipTests
{
    [Fact]
    public async Task Health_AndServerMetadata_AnswerAsTheProtocolSays()
    {
        await using var cluster = await ServingCluster.StartAsync();

        var live = await GetAsync(cluster, "/v2/health/live");
        var ready = await GetAsync(cluster, "/v2/health/ready");
        var server = await GetAsync(cluster, "/v2");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(0, live.Response.Content.Headers.ContentLength ?? 0);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(HttpStatusCode.OK, server.Status);
        Assert.Equal("clipper", server.Body.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(server.Body.GetProperty("version").GetString()));
        Assert.Equal(JsonValueKind.Array, server.Body.GetProperty("extensions").ValueKind);
    }

    [Fact]
    public async Task ModelMetadataAndReady_FollowTheRegisteredVersionsAndTheConnectedReplicas()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await GetAsync(cluster, "/v2/models/sum")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var metadata = await GetAsync(cluster, "/v2/models/sum");
        var versioned = await GetAsync(cluster, "/v2/models/sum/versions/1");
        var notReady = await GetAsync(cluster, "/v2/models/sum/ready");
        var unknownModel = await GetAsync(cluster, "/v2/models/nope");
        var unknownVersion = await GetAsync(cluster, "/v2/models/sum/versions/9/ready");

        Assert.Equal("sum", metadata.Body.GetProperty("name").GetString());
        Assert.Equal(["1"], metadata.Body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!));
        Assert.Equal("clipper_container", metadata.Body.GetProperty("platform").GetString());
        var input = metadata.Body.GetProperty("inputs")[0];
        Assert.Equal("FP64", input.GetProperty("datatype").GetString());
        Assert.Equal([-1, -1], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var output = metadata.Body.GetProperty("outputs")[0];
        Assert.Equal(("output", "BYTES"), (output.GetProperty("name").GetString(), output.GetProperty("datatype").GetString()));
        Assert.Equal(metadata.Body.GetRawText(), versioned.Body.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, notReady.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.Status);
        Assert.StartsWith("Unknown model 'nope'", unknownModel.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.Status);
        Assert.Equal("Unknown version '9' of model 'sum'; its registered versions are: 1.", unknownVersion.Body.GetProperty("error").GetString());

        cluster.StartModel("sum", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await GetAsync(cluster, "/v2/models/sum/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(cluster, "/v2/models/sum/versions/1/ready")).Status);
    }

    [Fact]
    public async Task Infer_EachRowIsOneQueryAnsweredByTheModel_BesideClippersPredict()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("sum-app", """{"input": [1]}""");

        var body = await InferUntilServedAsync(cluster, "/v2/models/sum/infer", Doubles("req-1", [1, 2], [3, 4], [5, 6.5]));
        var (status, versioned, _) = await InferAsync(cluster, "/v2/models/sum/versions/1/infer",
            """{"inputs": [{"name": "in", "datatype": "FP32", "shape": [2, 2], "data": [[0.5, 0.25], [1, 1]]}], "outputs": [{"name": "output"}]}""");
        var predict = await cluster.PredictAsync("sum-app", """{"input": [2, 2]}""");

        // Past Kestrel's 4 KB blocks the body arrives in several segments, which the endpoint reads as one.
        var many = await InferAsync(cluster, "/v2/models/sum/infer", Doubles("many", [.. Enumerable.Range(0, 400).Select(i => new[] { i, 0.5 })]));

        Assert.Equal("sum", body.GetProperty("model_name").GetString());
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        Assert.Equal("req-1", body.GetProperty("id").GetString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal("BYTES", output.GetProperty("datatype").GetString());
        Assert.Equal([3], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([3.0, 7.0, 11.5], Data(body).Select(d => double.Parse(d, CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(versioned.TryGetProperty("id", out _));
        Assert.Equal([0.75, 2.0], Data(versioned).Select(d => double.Parse(d, CultureInfo.InvariantCulture)));
        Assert.Equal(4.0, predict.Body.GetProperty("output").GetDouble());
        Assert.Equal(HttpStatusCode.OK, many.Status);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => i + 0.5), Data(many.Body).Select(d => double.Parse(d, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Infer_StringsAndBytesModels_TakeBytesTensors()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("echo-app", "echo", "1", "strings");
        await cluster.DeployAsync("bytes-app", "raw", "1", "bytes");
        cluster.StartModel("echo", "echo", "1", "strings");
        cluster.StartModel("echo", "raw", "1", "bytes");
        var payload = Convert.ToBase64String([0, 1, 2, 250, 255]);

        var strings = await InferUntilServedAsync(cluster, "/v2/models/echo/infer",
            """{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["héllo", "a \"b\""]}]}""");
        var bytes = await InferUntilServedAsync(cluster, "/v2/models/raw/infer",
            $$"""{"inputs": [{"name": "blob", "datatype": "BYTES", "shape": [1, 1], "data": [["{{payload}}"]]}]}""");

        // The echo model answers each input as a JSON string: the output tensor carries its output text as it wrote it.
        Assert.Equal(["héllo", "a \"b\""], Data(strings).Select(d => JsonDocument.Parse(d).RootElement.GetString()!));
        Assert.Equal([payload], Data(bytes).Select(d => JsonDocument.Parse(d).RootElement.GetString()!));
    }
}
