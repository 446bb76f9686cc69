using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;

namespace Clipper.QueryFrontend.Tests.Oip;

public sealed class OipResponseWriterTests
{
    [Fact]
    public void WriteInference_ModelAnswers_WritesTheSpecsResponseObject()
    {
        // $inference_response of the protocol (kserve/kserve docs/predict-api/v2/required_api.md, "Inference Response JSON
        // Object"): model_name, model_version, id, outputs with name, shape, datatype, data.
        var queries = new[] { Answered("7.0"), Answered("héllo") };

        var json = Write(w => OipResponseWriter.WriteInference(w, "\"4\\\"2\""u8, Target(), queries));

        Assert.Equal("""{"model_name":"m","model_version":"1","id":"4\"2","outputs":[{"name":"output","datatype":"BYTES","shape":[2],"data":["7.0","héllo"]}]}""", json);
    }

    [Fact]
    public void WriteInference_NoId_LeavesItOut()
    {
        var json = Write(w => OipResponseWriter.WriteInference(w, default, Target(), [Answered("1")]));

        Assert.DoesNotContain("\"id\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteInference_RowsAnsweredByDefault_AreMarkedWithClippersExplanations()
    {
        var missed = Query("none");
        missed.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
        var failed = Query("none");
        failed.TryCompleteWithDefault(DefaultReason.ModelError, "boom");

        var json = Write(w => OipResponseWriter.WriteInference(w, default, Target(), [Answered("1"), missed, failed]));

        using var document = JsonDocument.Parse(json);
        var output = document.RootElement.GetProperty("outputs")[0];
        Assert.Equal(["1", "none", "none"], output.GetProperty("data").EnumerateArray().Select(e => e.GetString()!));
        var parameters = output.GetProperty("parameters");
        Assert.Equal("1,2", parameters.GetProperty("default_rows").GetString());
        Assert.Equal(DefaultExplanations.ObjectiveMissed, parameters.GetProperty("default_explanation_1").GetString());
        Assert.Equal("The model failed on this input: boom", parameters.GetProperty("default_explanation_2").GetString());
        Assert.False(parameters.TryGetProperty("default_explanation_0", out _));
    }

    [Fact]
    public void WriteError_WritesTheSpecsErrorObject() =>
        Assert.Equal("""{"error":"bad \"x\""}""", Write(w => OipResponseWriter.WriteError(w, "bad \"x\"")));

    [Fact]
    public void WriteServerMetadata_WritesNameVersionAndExtensions() =>
        Assert.Equal("""{"name":"clipper","version":"1.2","extensions":[]}""", Write(w => OipResponseWriter.WriteServerMetadata(w, "clipper", "1.2", [])));

    [Theory]
    [InlineData(InputType.Doubles, """{"name":"input","datatype":"FP64","shape":[-1,-1]}""")]
    [InlineData(InputType.Floats, """{"name":"input","datatype":"FP32","shape":[-1,-1]}""")]
    [InlineData(InputType.Integers, """{"name":"input","datatype":"INT32","shape":[-1,-1]}""")]
    [InlineData(InputType.Strings, """{"name":"input","datatype":"BYTES","shape":[-1]}""")]
    [InlineData(InputType.Bytes, """{"name":"input","datatype":"BYTES","shape":[-1]}""")]
    public void WriteModelMetadata_DescribesTheInputAndTheOneOutput(InputType type, string input) =>
        Assert.Equal(
            $$"""{"name":"m","versions":["1","2"],"platform":"clipper_container","inputs":[{{input}}],"outputs":[{"name":"output","datatype":"BYTES","shape":[-1]}]}""",
            Write(w => OipResponseWriter.WriteModelMetadata(w, Target(type))));

    internal static OipTarget Target(InputType type = InputType.Doubles)
    {
        var runtime = new ModelVersionRuntime(new ModelVersionId("m", "1"), type, queueCapacity: 16, TimeProvider.System, new BatchingOptions());
        var route = new ModelRoute("m", new Dictionary<string, ModelVersionRuntime> { ["1"] = runtime }.ToFrozenDictionary(), ["1", "2"], "1",
            TimeSpan.FromSeconds(1), "app", "none"u8.ToArray(), ImmutableArray<AppKeys>.Empty, "", TimeProvider.System);
        return new OipTarget(route, "1", runtime);
    }

    private static Query Query(string defaultOutput) => new(1, ReadOnlyMemory<byte>.Empty, 0, Encoding.UTF8.GetBytes(defaultOutput));

    private static Query Answered(string output)
    {
        var query = Query("none");
        query.TryCompleteWithOutput(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(output)));
        return query;
    }

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
