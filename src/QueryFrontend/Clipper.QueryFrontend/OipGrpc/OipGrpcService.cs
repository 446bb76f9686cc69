using Clipper.QueryFrontend.Health;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Routing;
using Grpc.Core;
using Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>
/// The Open Inference Protocol's <c>inference.GRPCInferenceService</c> on the gRPC port: the same answers as the REST
/// transport (<c>/v2/...</c>), from the same core (<see cref="OipModels"/>, <see cref="OipInference"/>), with refusals as
/// gRPC status codes.
/// </summary>
internal sealed partial class OipGrpcService : GRPCInferenceService.GRPCInferenceServiceBase
{
    private static readonly Task<ServerLiveResponse> s_live = Task.FromResult(new ServerLiveResponse { Live = true });

    private readonly RoutingTable _routing;
    private readonly FrontendReadiness _readiness;
    private readonly FrontendMetrics _metrics;
    private readonly OipInference _inference;
    private readonly ObjectPool<ParsedInputs> _inputsPool;
    private readonly ShutdownDelay _shutdown;
    private readonly TimeProvider _time;
    private readonly ParseLimits _limits;
    private readonly ILogger _logger;

    public OipGrpcService(RoutingTable routing, FrontendReadiness readiness, FrontendMetrics metrics, OipInference inference, QueryFrontendOptions options,
        ObjectPool<ParsedInputs> inputsPool, ShutdownDelay shutdown, ILogger<OipGrpcService> logger)
    {
        _routing = routing;
        _readiness = readiness;
        _metrics = metrics;
        _inference = inference;
        _inputsPool = inputsPool;
        _shutdown = shutdown;
        _logger = logger;
        _time = options.TimeProvider;
        _limits = new ParseLimits(options.MaxInputsPerRequest, options.MaxInputBytes, options.MaxJsonDepth);
    }

    /// <summary>Live while the process answers at all.</summary>
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) => s_live;

    /// <summary>Ready as <c>GET /readyz</c> and <c>GET /v2/health/ready</c> say.</summary>
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = _readiness.IsReady });

    /// <summary>Ready when a replica of the version is connected to this frontend and takes batches.</summary>
    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = Resolve(request.Name, request.Version).IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = OipHealthEndpoints.ServerName, Version = OipHealthEndpoints.ServerVersion });

    /// <summary>As <c>GET /v2/models/{m}</c>: one input of the version's datatype and one BYTES output.</summary>
    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var target = Resolve(request.Name, request.Version);
        var inputType = target.Runtime.InputType;
        var response = new ModelMetadataResponse { Name = target.Route.Name, Platform = OipResponseWriter.Platform };
        response.Versions.AddRange(target.Route.VersionNames);
        response.Inputs.Add(Tensor(OipResponseWriter.InputName, OipDatatypes.NameFor(inputType), OipDatatypes.IsOneElementPerRow(inputType) ? 1 : 2));
        response.Outputs.Add(Tensor(OipRequestParser.OutputName, OipDatatypes.BytesName, 1));
        return Task.FromResult(response);
    }

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(string name, string datatype, int variableDimensions)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = name, Datatype = datatype };
        for (var i = 0; i < variableDimensions; i++)
        {
            tensor.Shape.Add(-1);
        }

        return tensor;
    }

    /// <summary>The version a request addresses (an empty version: the current one), or NOT_FOUND naming what exists.</summary>
    private OipTarget Resolve(string model, string version)
    {
        var snapshot = _routing.Current;
        var lookup = OipModels.Resolve(snapshot, model, version.Length == 0 ? null : version, out var target);
        return lookup switch
        {
            OipLookup.Found => target,
            OipLookup.NoCurrentVersion => throw GrpcStatuses.NotFound(
                $"Model '{model}' has no current version (it was deleted); set the version explicitly, one of: {string.Join(", ", snapshot.Models[model].VersionNames)}."),
            _ => throw GrpcStatuses.NotFound(OipModels.Describe(lookup, snapshot, model, version)),
        };
    }
}
