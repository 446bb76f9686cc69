using System.Net;
using Clipper.Integration.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Inference;
using static Clipper.Integration.Tests.Serving.KeyedFrontend;
using static Clipper.Integration.Tests.Serving.OipGrpcClient;

namespace Clipper.Integration.Tests.Serving;

/// <summary>gRPC inference requests the frontend refuses, each with the precise status code and a message naming the problem.</summary>
public sealed class OipGrpcRefusalTests
{
    private static Cases BadRequests() => new()
    {
        { "unknown model", Doubles("nope", "a", [1]), StatusCode.NotFound, "Unknown model 'nope': no model of that name is registered. Register it with the management frontend (POST /admin/add_model)." },
        { "unknown version", With(Doubles("sum", "a", [1]), r => r.ModelVersion = "2"), StatusCode.NotFound, "Unknown version '2' of model 'sum'; its registered versions are: 1." },
        { "wrong datatype", Request("sum", "INT32", [1, 1], c => c.IntContents.Add(1)), StatusCode.InvalidArgument,
            "Input tensor 'x' has datatype INT32; model sum:1 takes doubles inputs, so it expects FP64 (or FP32)." },
        { "unsupported datatype", Request("sum", "UINT32", [1], c => c.UintContents.Add(1)), StatusCode.InvalidArgument,
            "Input tensor 'x' has datatype UINT32; model sum:1 takes doubles inputs, so it expects FP64 (or FP32)." },
        { "shape vs data count", Request("sum", "FP64", [2, 2], c => c.Fp64Contents.AddRange([1, 2, 3])), StatusCode.InvalidArgument,
            "Input tensor 'x' has 3 elements in 'contents.fp64_contents'; its shape [2, 2] holds 4." },
        { "two inputs", With(Doubles("sum", "a", [1]), r => r.Inputs.Add(r.Inputs[0].Clone())), StatusCode.InvalidArgument,
            "The inference request has 2 input tensors; Clipper models take exactly one input, so send exactly one tensor (each row of its first dimension is one query)." },
        { "no inputs", new ModelInferRequest { ModelName = "sum" }, StatusCode.InvalidArgument,
            "'inputs' is empty: send exactly one input tensor (Clipper models take one input; each row of its first dimension is one query)." },
        { "no name", With(Doubles("sum", "a", [1]), r => r.Inputs[0].Name = ""), StatusCode.InvalidArgument,
            "Input tensor inputs[0] has no 'name'; an input tensor needs name, shape, datatype and contents." },
        { "no rows", Request("sum", "FP64", [0, 2]), StatusCode.InvalidArgument,
            "Input tensor 'x' has shape [0, 2], which has no rows: the first dimension is the batch (one query per row) and must be at least 1." },
        { "negative dimension", Request("sum", "FP64", [1, -1], c => c.Fp64Contents.Add(1)), StatusCode.InvalidArgument,
            "Dimension 1 of the 'shape' of input tensor 'x' must be a non-negative integer; got -1." },
        { "contents of another datatype", Request("sum", "FP64", [1, 1], c => c.Fp32Contents.Add(1)), StatusCode.InvalidArgument,
            "Input tensor 'x' has datatype FP64, whose elements go in 'contents.fp64_contents'; got 'contents.fp32_contents'." },
        { "no contents", Request("sum", "FP64", [1, 2]), StatusCode.InvalidArgument,
            "Input tensor 'x' has no contents: send its elements in 'contents.fp64_contents' or in 'raw_input_contents'." },
        { "not finite", Request("sum", "FP64", [1, 2], c => c.Fp64Contents.AddRange([1, double.NaN])), StatusCode.InvalidArgument,
            "Element 1 of input tensor 'x' is NaN; the model takes finite numbers only (as JSON carries them in Clipper's predict)." },
        { "contents and raw", With(Doubles("sum", "a", [1]), r => r.RawInputContents.Add(ByteString.CopyFrom(RawOf(1.0)))), StatusCode.InvalidArgument,
            "Input tensor 'x' has 'contents' and the request has 'raw_input_contents': the protocol allows one or the other, not both." },
        { "raw of the wrong length", Raw("sum", "FP64", [1, 2], new byte[12]), StatusCode.InvalidArgument,
            "'raw_input_contents[0]' of input tensor 'x' is 12 bytes; its shape [1, 2] of FP64 holds 2 elements of 8 bytes, so 16 bytes." },
        { "two raw contents", With(Raw("sum", "FP64", [1, 1], RawOf(1.0)), r => r.RawInputContents.Add(ByteString.Empty)), StatusCode.InvalidArgument,
            "The request has 2 entries in 'raw_input_contents'; with raw contents it needs exactly one per input tensor, so exactly 1." },
        { "unknown output", With(Doubles("sum", "a", [1]), r => r.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" })), StatusCode.InvalidArgument,
            "Requested output 'probabilities' is not an output of this model: Clipper models have one output, 'output'." },
        { "int64 beyond 32 bits", Request("ints", "INT64", [1, 2], c => c.Int64Contents.AddRange([1, 1L << 40])), StatusCode.InvalidArgument,
            "Element 1 of input tensor 'x' (1099511627776) is not an integer that fits 32 bits, which the model's integers inputs are." },
        { "text row of two elements", Request("text", "BYTES", [1, 2], c => c.BytesContents.AddRange([ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("b")])), StatusCode.InvalidArgument,
            "Input tensor 'x' has shape [1, 2]: a row of model text:1 (strings inputs) is one element, so the shape must be [batch] or [batch, 1]." },
        { "text not UTF-8", Request("text", "BYTES", [1], c => c.BytesContents.Add(ByteString.CopyFrom(0xC3, 0x28))), StatusCode.InvalidArgument,
            "Element 0 of input tensor 'x' is not valid UTF-8: the model takes strings inputs, so each BYTES element must be UTF-8 text." },
        { "raw BYTES cut inside a length", Raw("text", "BYTES", [2], [.. RawBytes("a"u8.ToArray()), 1, 0]), StatusCode.InvalidArgument,
            "'raw_input_contents[0]' of BYTES input tensor 'x' ends inside the 4-byte length of element 1 (at byte 5, 2 bytes left): each element is a 4-byte little-endian length, then that many bytes." },
        { "raw BYTES longer than declared", Raw("text", "BYTES", [1], [9, 0, 0, 0, (byte)'a']), StatusCode.InvalidArgument,
            "Element 0 of BYTES input tensor 'x' in 'raw_input_contents[0]' declares 9 bytes (at byte 0) but only 1 remain: each element is a 4-byte little-endian length, then that many bytes." },
        { "raw BYTES of fewer elements", Raw("text", "BYTES", [2], RawBytes("a"u8.ToArray())), StatusCode.InvalidArgument,
            "'raw_input_contents[0]' of BYTES input tensor 'x' holds 1 elements; its shape [2] holds 2." },
        { "raw BYTES with bytes left over", Raw("text", "BYTES", [1], [.. RawBytes("a"u8.ToArray()), 7]), StatusCode.InvalidArgument,
            "'raw_input_contents[0]' of BYTES input tensor 'x' has 1 bytes after the 1 elements its shape [1] holds." },
    };

    [Fact]
    public async Task Infer_BadRequests_GetTheStatusAndAMessageNamingTheProblem()
    {
        await using var cluster = await OipGrpcTests.StartAsync(options => options.MaxRequestBodyBytes = 4096);
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        await cluster.DeployAsync("ints-app", "ints", "1", "integers");
        await cluster.DeployAsync("text-app", "text", "1", "strings");
        await Eventually.TrueAsync(async () => (await OipClient.GetAsync(cluster, "/v2/models/text")).Status == HttpStatusCode.OK, TestTimeouts.Default);

        foreach (var (name, request, status, message) in BadRequests())
        {
            var refused = await client.RefusedAsync(request);
            Assert.True(refused.StatusCode == status && refused.Status.Detail == message,
                $"{name}: expected {status} \"{message}\", got {refused.StatusCode} \"{refused.Status.Detail}\"");
        }

        // A message larger than the body limit is refused by gRPC itself, before it is read.
        var tooLarge = await client.RefusedAsync(Doubles("sum", "big", [.. Enumerable.Repeat(new[] { 1.0 }, 1000)]));
        Assert.Equal(StatusCode.ResourceExhausted, tooLarge.StatusCode);
        Assert.Contains("exceeds the maximum configured message size", tooLarge.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_ModelOfAnAppRequiringAKey_IsUnauthenticatedWithoutOneOfItsKeysInTheMetadata()
    {
        await using var cluster = await OipGrpcTests.StartAsync();
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        await cluster.DeployAsync("keyed", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await OipClient.GetAsync(cluster, "/v2/models/sum")).Status == HttpStatusCode.OK, TestTimeouts.Default);
        var key = "";
        await ChangeAndWaitAsync(cluster.Frontend!, async () =>
        {
            await cluster.AdminOkAsync("set_require_key", """{"app_name": "keyed", "require_key": true}""");
            key = await ApiKeyTests.CreateKeyAsync(cluster, "keyed");
        }, snapshot => snapshot.Applications["keyed"].RequireKey && snapshot.Applications["keyed"].ApiKeys.Length == 1);

        var missing = await client.RefusedAsync(Doubles("sum", "a", [1, 2]));
        var invalid = await client.RefusedAsync(Doubles("sum", "a", [1, 2]), ("x-clipper-api-key", "ck_nope"));
        var bearer = await client.InferAsync(Doubles("sum", "a", [1, 2]), ("authorization", "Bearer " + key));
        var dedicated = await client.InferAsync(Doubles("sum", "a", [1, 2]), ("x-clipper-api-key", key));

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal("API key required: model 'sum' is linked to applications that require an API key (keyed); send a key of one of them in the metadata as 'authorization: Bearer ck_...' or 'x-clipper-api-key: ck_...'.",
            missing.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, invalid.StatusCode);
        Assert.StartsWith("invalid API key: the key sent is not a key of the applications linked to model 'sum' (keyed)", invalid.Status.Detail, StringComparison.Ordinal);

        // No replica serves the model: the accepted requests are answered with the app's default, marked as such.
        Assert.Equal(["default"], Outputs(bearer));
        Assert.Equal(["default"], Outputs(dedicated));
    }

    [Fact]
    public async Task Infer_QueueFull_IsUnavailableWithARetryHint()
    {
        await using var cluster = await OipGrpcTests.StartAsync(options => options.Batching.QueueCapacity = 2);
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        await cluster.DeployAsync("slow", "sleepy", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        cluster.StartModel("sleep", "sleepy", "1", "doubles", "--sleep-ms", "3000");
        await Eventually.TrueAsync(async () => (await OipClient.GetAsync(cluster, "/v2/models/sleepy/ready")).Status == HttpStatusCode.OK, TestTimeouts.Default);
        var busy = await cluster.PredictInFlightAsync("slow", """{"input": [1]}""");

        var refused = await client.RefusedAsync(Doubles("sleepy", "full", [1], [2], [3]));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal("Model sleepy:1 already holds its maximum of queued queries (option Batching.QueueCapacity); retry after 1 second or add replicas.", refused.Status.Detail);
        Assert.Equal("1000", refused.Trailers.GetValue("grpc-retry-pushback-ms"));
        Assert.Equal(HttpStatusCode.OK, (await busy).Status);
    }

    /// <summary>The bad requests: what is wrong, the request, its status and its message.</summary>
    private sealed class Cases : List<(string Name, ModelInferRequest Request, StatusCode Status, string Message)>
    {
        public void Add(string name, ModelInferRequest request, StatusCode status, string message) => Add((name, request, status, message));
    }

    private static ModelInferRequest With(ModelInferRequest request, Action<ModelInferRequest> change)
    {
        change(request);
        return request;
    }
}
