using System.Buffers.Binary;
using System.Text;
using Clipper.ModelRpc.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Inference;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A client generated from the protocol's proto (Grpc.Tools), on a query frontend's gRPC port, and the requests the tests send.</summary>
internal sealed class OipGrpcClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly GrpcChannel _channel;

    private OipGrpcClient(GrpcChannel channel)
    {
        _channel = channel;
        Service = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
    }

    public GRPCInferenceService.GRPCInferenceServiceClient Service { get; }

    /// <summary>h2c (HTTP/2 without TLS) to 127.0.0.1.</summary>
    public static OipGrpcClient Plain(int port) => new(GrpcChannel.ForAddress($"http://127.0.0.1:{port}"));

    /// <summary>h2c to <paramref name="address"/> (<c>host:port</c>) through <paramref name="handler"/>, e.g. one that opens its sockets in another network namespace.</summary>
    public static OipGrpcClient Plain(string address, HttpMessageHandler handler) =>
        new(GrpcChannel.ForAddress("http://" + address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }));

    /// <summary>h2 over TLS to <c>localhost</c> (the name the test certificate holds), trusting <paramref name="caPath"/> only.</summary>
    public static OipGrpcClient Tls(int port, string caPath) =>
        new(GrpcChannel.ForAddress($"https://localhost:{port}", new GrpcChannelOptions { HttpHandler = TlsTrust.FromCaFile(caPath).CreateHttpHandler(), DisposeHttpClient = true }));

    /// <summary>A call's options: a deadline, so that no test waits for ever, and metadata (an API key...).</summary>
    public static CallOptions Call(params (string Name, string Value)[] metadata)
    {
        var headers = new Metadata();
        foreach (var (name, value) in metadata)
        {
            headers.Add(name, value);
        }

        return new CallOptions(headers, DateTime.UtcNow + s_timeout);
    }

    public Task<ModelInferResponse> InferAsync(ModelInferRequest request, params (string Name, string Value)[] metadata) =>
        Service.ModelInferAsync(request, Call(metadata)).ResponseAsync;

    /// <summary>The status an inference request is refused with.</summary>
    public async Task<RpcException> RefusedAsync(ModelInferRequest request, params (string Name, string Value)[] metadata) =>
        await Assert.ThrowsAsync<RpcException>(() => InferAsync(request, metadata));

    /// <summary>Infers until every row is answered by the model (no default), e.g. while replicas connect.</summary>
    public async Task<ModelInferResponse> InferUntilServedAsync(ModelInferRequest request)
    {
        ModelInferResponse? last = null;
        string? refused = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                last = await InferAsync(request);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                // Before the app's link reaches the frontend, the model is linked to no app: it has no default to answer
                // a row it missed with, and says so. Links and replicas arrive asynchronously; ask again.
                refused = ex.Status.Detail;
                return false;
            }

            return last.Outputs[0].Parameters.Count == 0;
        }, s_timeout, () => $"last answer: {last?.ToString() ?? refused}");
        return last!;
    }

    /// <summary>A request for <paramref name="model"/> with one tensor of <paramref name="shape"/>; its contents are set by the caller.</summary>
    public static ModelInferRequest Request(string model, string datatype, long[] shape, Action<InferTensorContents>? contents = null, string id = "", string version = "")
    {
        var tensor = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype, Contents = new InferTensorContents() };
        tensor.Shape.AddRange(shape);
        contents?.Invoke(tensor.Contents);
        var request = new ModelInferRequest { ModelName = model, ModelVersion = version, Id = id };
        request.Inputs.Add(tensor);
        return request;
    }

    /// <summary>A request with one FP64 tensor of the given rows in <c>fp64_contents</c>.</summary>
    public static ModelInferRequest Doubles(string model, string id, params double[][] rows) =>
        Request(model, "FP64", [rows.Length, rows[0].Length], c => c.Fp64Contents.AddRange(rows.SelectMany(r => r)), id);

    /// <summary>A request whose one tensor's elements are in <c>raw_input_contents</c> and not in <c>contents</c>.</summary>
    public static ModelInferRequest Raw(string model, string datatype, long[] shape, byte[] raw)
    {
        var request = Request(model, datatype, shape);
        request.Inputs[0].Contents = null;
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        return request;
    }

    /// <summary>BYTES elements in the raw form: each a 4-byte little-endian length, then its bytes.</summary>
    public static byte[] RawBytes(params byte[][] elements)
    {
        var raw = new byte[elements.Sum(e => 4 + e.Length)];
        var offset = 0;
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(offset), element.Length);
            element.CopyTo(raw, offset + 4);
            offset += 4 + element.Length;
        }

        return raw;
    }

    /// <summary>Numbers in the raw form: little-endian, back to back.</summary>
    public static byte[] RawOf<T>(params T[] values) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>The output tensor's rows as text.</summary>
    public static string[] Outputs(ModelInferResponse response) =>
        [.. response.Outputs[0].Contents.BytesContents.Select(b => Encoding.UTF8.GetString(b.Span))];

    public void Dispose() => _channel.Dispose();
}
