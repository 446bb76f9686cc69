using System.Buffers;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Queries;
using Grpc.Core;
using Inference;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.OipGrpc;

/// <content>
/// <c>ModelInfer</c>: the one input tensor's rows → one query each on the version's queue, batched with everything else
/// (Clipper's predictions and REST inference included) → one BYTES output tensor in <c>bytes_contents</c>. Limits, keys
/// and backpressure as for a prediction.
/// </content>
internal sealed partial class OipGrpcService
{
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var started = _time.GetTimestamp();
        _metrics.RequestStarted();
        try
        {
            if (_shutdown.IsDraining)
            {
                throw GrpcStatuses.Draining();
            }

            var target = Resolve(request.ModelName, request.ModelVersion);

            // Models whose applications require no key pay this emptiness check only. Metadata are HTTP/2 headers,
            // so a key travels as in a prediction: 'authorization: Bearer ck_...' or 'x-clipper-api-key: ck_...'.
            if (!target.Route.Keys.IsEmpty && OipKeys.Check(context.GetHttpContext().Request.Headers, target.Route.Keys) is var check && check != KeyCheck.Accepted)
            {
                _metrics.KeyRefused(check);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    LogKeyRefused(_logger, target.Route.Name, KeyChecks.TagOf(check), context.Peer);
                }

                throw GrpcStatuses.KeyRefused(target.Route, check);
            }

            var response = await InferAsync(request, target).ConfigureAwait(false);
            _metrics.RequestCompleted(_metrics.Unrouted, _time.GetElapsedTime(started));
            return response;
        }
        catch (RpcException refused)
        {
            // Counted as REST counts its refusals (under the application "", by the HTTP status of the same refusal).
            _metrics.Refused(_metrics.Unrouted, GrpcStatuses.HttpStatusOf(refused.StatusCode));
            throw;
        }
        finally
        {
            _metrics.RequestEnded();
        }
    }

    private async Task<ModelInferResponse> InferAsync(ModelInferRequest request, OipTarget target)
    {
        var rows = _inputsPool.Get();
        try
        {
            var runtime = target.Runtime;
            if (!GrpcTensorReader.TryRead(request, runtime.Key, runtime.InputType, _limits, rows, out var error))
            {
                throw GrpcStatuses.InvalidArgument(error);
            }

            return await AnswerAsync(request, target, rows).ConfigureAwait(false);
        }
        finally
        {
            _inputsPool.Return(rows);
        }
    }

    private async Task<ModelInferResponse> AnswerAsync(ModelInferRequest request, OipTarget target, Http.ParsedInputs rows)
    {
        var count = rows.Count;
        var queries = ArrayPool<Query>.Shared.Rent(count);
        try
        {
            var created = _inference.Submit(target, rows, queries, out var rejected);
            await OipInference.WaitAsync(queries, created).ConfigureAwait(false);
            if (rejected)
            {
                throw GrpcStatuses.QueueFull(target);
            }

            var answered = queries.AsSpan(0, count);
            _metrics.Answered(_metrics.Unrouted, target.Runtime.Key, answered);

            var missed = target.Route.DefaultOutputUtf8 is null ? OipInference.FirstDefault(answered) : -1;
            if (missed >= 0)
            {
                throw GrpcStatuses.NoDefault(target, missed, queries[missed]);
            }

            return GrpcInferResponse.Create(request.Id, target, answered);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                queries[i]?.Release();
                queries[i] = null!;
            }

            ArrayPool<Query>.Shared.Return(queries);
        }
    }

    [LoggerMessage(EventId = 1450, Level = LogLevel.Debug, Message = "gRPC inference on model {Model} from {Remote} refused: API key {Reason}")]
    private static partial void LogKeyRefused(ILogger logger, string model, string reason, string remote);
}
