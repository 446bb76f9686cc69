using System.Globalization;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Grpc.Core;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>
/// The refusals of the gRPC transport, built in one place: a status code that says who must act, and the message the
/// REST transport gives for the same case.
/// </summary>
internal static class GrpcStatuses
{
    /// <summary>
    /// The trailer gRPC clients read as the server's retry hint (gRPC's retry design, A6): retry after this many milliseconds.
    /// </summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <summary>How long a refused client should wait before retrying: one second, as REST's <c>Retry-After: 1</c>.</summary>
    public const string RetryPushbackMs = "1000";

    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException QueueFull(in OipTarget target) => Unavailable(
        $"Model {target.Runtime.Key} already holds its maximum of queued queries (option Batching.QueueCapacity); retry after 1 second or add replicas.");

    public static RpcException Draining() => Unavailable(
        "This query frontend is draining (it was asked to stop) and takes no new inference requests; retry after 1 second, on another frontend.");

    public static RpcException KeyRefused(ModelRoute route, KeyCheck check) => new(new Status(StatusCode.Unauthenticated, check == KeyCheck.Missing
        ? $"API key required: model '{route.Name}' is linked to applications that require an API key ({route.KeyApps}); send a key of one of them in the metadata as 'authorization: Bearer ck_...' or '{ApiKeyHeaders.KeyHeader.ToLowerInvariant()}: ck_...'."
        : $"invalid API key: the key sent is not a key of the applications linked to model '{route.Name}' ({route.KeyApps}); it is unknown or revoked, or not of the form ck_<key id>_<secret>."));

    /// <summary>
    /// A row of a model linked to no application was not answered by the model (no default output to give): UNAVAILABLE when
    /// no replica could take it, DEADLINE_EXCEEDED when the objective passed, INTERNAL when the model failed on it.
    /// </summary>
    public static RpcException NoDefault(in OipTarget target, int row, Query query)
    {
        var code = query.DefaultReason switch
        {
            DefaultReason.ObjectiveMissed => StatusCode.DeadlineExceeded,
            DefaultReason.ModelError => StatusCode.Internal,
            _ => StatusCode.Unavailable,
        };
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Model {target.Runtime.Key} gave no answer for row {row}: {OipInference.Explain(query)}. The model is linked to no application, so it has no default output to answer with (its latency objective, {target.Route.LatencyObjective.TotalMilliseconds} ms, is option OipLatencyObjective, --oip-latency-slo-ms).");
        return code == StatusCode.Unavailable ? Unavailable(message) : new RpcException(new Status(code, message));
    }

    private static RpcException Unavailable(string message) =>
        new(new Status(StatusCode.Unavailable, message), new Metadata { { RetryPushbackTrailer, RetryPushbackMs } });

    /// <summary>The HTTP status REST answers for the same refusal, the one metrics count refusals by.</summary>
    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => 400,
        StatusCode.Unauthenticated => 401,
        StatusCode.NotFound => 404,
        StatusCode.ResourceExhausted => 413,
        StatusCode.Unavailable => 503,
        StatusCode.DeadlineExceeded => 504,
        _ => 500,
    };
}
