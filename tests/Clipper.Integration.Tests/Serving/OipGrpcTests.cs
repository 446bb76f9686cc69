using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Inference;
using static Clipper.Integration.Tests.Serving.OipGrpcClient;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// The Open Inference Protocol's gRPC service on a real query frontend (its gRPC port), called with a client generated
/// from the protocol's proto, with real Redis and real model processes.
/// </summary>
public sealed class OipGrpcTests
{
    [Fact]
    public async Task HealthAndMetadata_AnswerAsTheRestTransport()
    {
        await using var cluster = await StartAsync();
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await OipClient.GetAsync(cluster, "/v2/models/sum")).Status == HttpStatusCode.OK, TestTimeouts.Default);

        var live = await client.Service.ServerLiveAsync(new ServerLiveRequest(), Call());
        var ready = await client.Service.ServerReadyAsync(new ServerReadyRequest(), Call());
        var server = await client.Service.ServerMetadataAsync(new ServerMetadataRequest(), Call());
        var metadata = await client.Service.ModelMetadataAsync(new ModelMetadataRequest { Name = "sum" }, Call());
        var versioned = await client.Service.ModelMetadataAsync(new ModelMetadataRequest { Name = "sum", Version = "1" }, Call());
        var notReady = await client.Service.ModelReadyAsync(new ModelReadyRequest { Name = "sum" }, Call());
        var unknownModel = await Assert.ThrowsAsync<RpcException>(async () => await client.Service.ModelMetadataAsync(new ModelMetadataRequest { Name = "nope" }, Call()));
        var unknownVersion = await Assert.ThrowsAsync<RpcException>(async () => await client.Service.ModelReadyAsync(new ModelReadyRequest { Name = "sum", Version = "9" }, Call()));
        var rest = await OipClient.GetAsync(cluster, "/v2");

        Assert.True(live.Live);
        Assert.True(ready.Ready);
        Assert.Equal(("clipper", rest.Body.GetProperty("version").GetString()), (server.Name, server.Version));
        Assert.Empty(server.Extensions);
        Assert.Equal("sum", metadata.Name);
        Assert.Equal(["1"], metadata.Versions);
        Assert.Equal("clipper_container", metadata.Platform);
        Assert.Equal(("input", "FP64"), (metadata.Inputs[0].Name, metadata.Inputs[0].Datatype));
        Assert.Equal([-1L, -1L], metadata.Inputs[0].Shape);
        Assert.Equal(("output", "BYTES"), (metadata.Outputs[0].Name, metadata.Outputs[0].Datatype));
        Assert.Equal([-1L], metadata.Outputs[0].Shape);
        Assert.Equal(metadata, versioned);
        Assert.False(notReady.Ready);
        Assert.Equal(StatusCode.NotFound, unknownModel.StatusCode);
        Assert.StartsWith("Unknown model 'nope': no model of that name is registered.", unknownModel.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal("Unknown version '9' of model 'sum'; its registered versions are: 1.", unknownVersion.Status.Detail);

        cluster.StartModel("sum", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await client.Service.ModelReadyAsync(new ModelReadyRequest { Name = "sum" }, Call())).Ready, TestTimeouts.Default);
        Assert.True((await client.Service.ModelReadyAsync(new ModelReadyRequest { Name = "sum", Version = "1" }, Call())).Ready);
    }

    [Fact]
    public async Task Infer_EveryDatatypeTypedAndRaw_IsAnsweredByTheModelRowByRow()
    {
        await using var cluster = await StartAsync();
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        foreach (var (model, type) in new[] { ("sum", "doubles"), ("ints", "integers"), ("floats", "floats"), ("text", "strings"), ("blob", "bytes") })
        {
            await cluster.DeployAsync(model + "-app", model, "1", type);
            cluster.StartModel(model == "sum" ? "sum" : "echo", model, "1", type);
        }

        var fp64 = await client.InferUntilServedAsync(Doubles("sum", "req-1", [1, 2], [3, 4], [5, 6.5]));
        var fp32 = await client.InferAsync(Request("sum", "FP32", [2, 2], c => c.Fp32Contents.AddRange([0.5f, 0.25f, 1, 1])));
        var fp64Raw = await client.InferAsync(Raw("sum", "FP64", [2, 2], RawOf(1.5, 2.0, -1.0, 0.25)));
        var int32 = await client.InferUntilServedAsync(Request("ints", "INT32", [2, 2], c => c.IntContents.AddRange([1, 2, 3, 4])));
        var int64 = await client.InferAsync(Request("ints", "INT64", [1, 3], c => c.Int64Contents.AddRange([7L, -8L, int.MaxValue])));
        var int32Raw = await client.InferAsync(Raw("ints", "INT32", [2, 1], RawOf(5, -6)));
        var int64Raw = await client.InferAsync(Raw("ints", "INT64", [1, 2], RawOf(9L, 10L)));
        var float32 = await client.InferUntilServedAsync(Request("floats", "FP32", [1, 2], c => c.Fp32Contents.AddRange([1.5f, -2.25f])));
        var float32Raw = await client.InferAsync(Raw("floats", "FP32", [1, 1], RawOf(0.5f)));
        var text = await client.InferUntilServedAsync(Request("text", "BYTES", [2], c => c.BytesContents.AddRange([ByteString.CopyFromUtf8("héllo"), ByteString.CopyFromUtf8("a \"b\"")])));
        var textRaw = await client.InferAsync(Raw("text", "BYTES", [2, 1], RawBytes(Encoding.UTF8.GetBytes("raw"), [])));
        var blob = await client.InferUntilServedAsync(Request("blob", "BYTES", [1, 1], c => c.BytesContents.Add(ByteString.CopyFrom(0, 1, 2, 250, 255))));
        var blobRaw = await client.InferAsync(Raw("blob", "BYTES", [2], RawBytes([0, 255], [7])));

        Assert.Equal(("sum", "1", "req-1"), (fp64.ModelName, fp64.ModelVersion, fp64.Id));
        var output = Assert.Single(fp64.Outputs);
        Assert.Equal(("output", "BYTES"), (output.Name, output.Datatype));
        Assert.Equal([3L], output.Shape);
        Assert.Empty(fp64.RawOutputContents);
        Assert.Equal([3.0, 7.0, 11.5], Numbers(fp64));
        Assert.Equal("", fp32.Id);
        Assert.Equal([0.75, 2.0], Numbers(fp32));
        Assert.Equal([3.5, -0.75], Numbers(fp64Raw));
        Assert.Equal(["[1,2]", "[3,4]"], Outputs(int32));
        Assert.Equal(["[7,-8,2147483647]"], Outputs(int64));
        Assert.Equal(["[5]", "[-6]"], Outputs(int32Raw));
        Assert.Equal(["[9,10]"], Outputs(int64Raw));
        Assert.Equal(["[1.5,-2.25]"], Outputs(float32));
        Assert.Equal(["[0.5]"], Outputs(float32Raw));
        Assert.Equal(["héllo", "a \"b\""], Outputs(text).Select(o => JsonSerializer.Deserialize<string>(o)!));
        Assert.Equal(["raw", ""], Outputs(textRaw).Select(o => JsonSerializer.Deserialize<string>(o)!));
        Assert.Equal([Convert.ToBase64String([0, 1, 2, 250, 255])], Outputs(blob).Select(o => JsonSerializer.Deserialize<string>(o)!));
        Assert.Equal([Convert.ToBase64String([0, 255]), Convert.ToBase64String([7])], Outputs(blobRaw).Select(o => JsonSerializer.Deserialize<string>(o)!));
    }

    [Fact]
    public async Task Infer_TheProtocolsExample_RoundTripsAndMatchesTheRestAnswer()
    {
        await using var cluster = await StartAsync();
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        await cluster.DeployAsync("my-app", "mymodel", "1", "integers");
        cluster.StartModel("echo", "mymodel", "1", "integers");

        // The protocol's example request, with Clipper's one input of INT32 (its example's second input, BOOL, and UINT32
        // are datatypes Clipper's models do not take) and Clipper's one output's name.
        var example = Request("mymodel", "INT32", [2, 2], c => c.IntContents.AddRange([1, 2, 3, 4]), id: "42");
        example.Inputs[0].Name = "input0";
        example.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "output" });
        var response = await client.InferUntilServedAsync(example);
        var rest = await OipClient.InferAsync(cluster, "/v2/models/mymodel/infer",
            """{"id": "42", "inputs": [{"name": "input0", "shape": [2, 2], "datatype": "INT32", "data": [1, 2, 3, 4]}], "outputs": [{"name": "output"}]}""");

        // The response as the protocol's example shows it: the id, and the output tensor with its name, shape, datatype and data.
        Assert.Equal("42", response.Id);
        Assert.Equal(("mymodel", "1"), (response.ModelName, response.ModelVersion));
        Assert.Equal(("output", "BYTES"), (response.Outputs[0].Name, response.Outputs[0].Datatype));
        Assert.Equal([2L], response.Outputs[0].Shape);
        Assert.Equal(["[1,2]", "[3,4]"], Outputs(response));
        Assert.Equal(HttpStatusCode.OK, rest.Status);
        Assert.Equal(rest.Body.GetProperty("id").GetString(), response.Id);
        Assert.Equal(OipClient.Data(rest.Body), Outputs(response));
        Assert.Equal(rest.Body.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), response.Outputs[0].Shape);

        // The message serializes to the protocol's JSON form (proto3 JSON) and back unchanged.
        var json = JsonFormatter.Default.Format(response);
        Assert.Equal(response, JsonParser.Default.Parse<ModelInferResponse>(json));
        Assert.Equal(example, ModelInferRequest.Parser.ParseFrom(example.ToByteArray()));
    }

    [Fact]
    public async Task Infer_LinkedModelWithoutReplica_AnswersTheAppsDefaultMarkedPerRow()
    {
        await using var cluster = await StartAsync();
        using var client = Plain(cluster.Frontend!.GrpcPort!.Value);
        await cluster.DeployAsync("lonely", "nobody", "1", "doubles", defaultOutput: "-1");

        // Until the link arrives the model is linked to no app, and a row without a replica is an error: wait for the link.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.InferAsync(Doubles("nobody", "w", [0]));
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.NotFound)
            {
                return false;
            }
        }, TestTimeouts.Default);

        var response = await client.InferAsync(Doubles("nobody", "d", [1], [2]));

        Assert.Equal(["-1", "-1"], Outputs(response));
        var parameters = response.Outputs[0].Parameters;
        Assert.Equal("0,1", parameters["default_rows"].StringParam);
        Assert.Equal("No connected models found for query", parameters["default_explanation_0"].StringParam);
        Assert.Equal("No connected models found for query", parameters["default_explanation_1"].StringParam);
    }

    /// <summary>A cluster whose frontend serves gRPC on a free port.</summary>
    internal static Task<ServingCluster> StartAsync(Action<Clipper.QueryFrontend.QueryFrontendOptions>? configure = null) =>
        ServingCluster.StartAsync(options =>
        {
            options.GrpcPort = FreePort.Next();
            configure?.Invoke(options);
        });

    private static double[] Numbers(ModelInferResponse response) => [.. Outputs(response).Select(o => double.Parse(o, CultureInfo.InvariantCulture))];
}
