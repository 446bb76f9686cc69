using System.Buffers;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// <c>POST /v2/models/{model}[/versions/{version}]/infer</c>: the one input tensor's rows → one query each on the version's
/// queue, batched with everything else → one BYTES output tensor. Limits, keys and backpressure as for a prediction.
/// </summary>
internal sealed partial class OipInferEndpoint
{
    private readonly RoutingTable _routing;
    private readonly FrontendMetrics _metrics;
    private readonly OipInference _inference;
    private readonly QueryFrontendOptions _options;
    private readonly ObjectPool<ParsedInputs> _inputsPool;
    private readonly ShutdownDelay _shutdown;
    private readonly TimeProvider _time;
    private readonly ParseLimits _limits;
    private readonly ILogger _logger;

    public OipInferEndpoint(RoutingTable routing, FrontendMetrics metrics, OipInference inference, QueryFrontendOptions options,
        ObjectPool<ParsedInputs> inputsPool, ShutdownDelay shutdown, ILogger<OipInferEndpoint> logger)
    {
        _routing = routing;
        _metrics = metrics;
        _inference = inference;
        _options = options;
        _inputsPool = inputsPool;
        _shutdown = shutdown;
        _logger = logger;
        _time = options.TimeProvider;
        _limits = new ParseLimits(options.MaxInputsPerRequest, options.MaxInputBytes, options.MaxJsonDepth);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = _time.GetTimestamp();
        _metrics.RequestStarted();
        if (_shutdown.IsStopping)
        {
            context.Response.Headers.Connection = "close";
        }

        var answered = false;
        try
        {
            var model = context.Request.RouteValues["model"] as string ?? "";
            var version = context.Request.RouteValues["version"] as string;
            var snapshot = _routing.Current;
            var lookup = OipModels.Resolve(snapshot, model, version, out var target);
            if (lookup != OipLookup.Found)
            {
                await OipResponses.ErrorAsync(context, StatusCodes.Status404NotFound, OipModels.Describe(lookup, snapshot, model, version)).ConfigureAwait(false);
                return;
            }

            // Models whose applications require no key pay this emptiness check only.
            if (!target.Route.Keys.IsEmpty && OipKeys.Check(context.Request.Headers, target.Route.Keys) is var check && check != Keys.KeyCheck.Accepted)
            {
                await RefuseKeyAsync(context, target.Route, check).ConfigureAwait(false);
                return;
            }

            var body = await RequestBody.ReadAsync(context, _options.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body.Status != RequestBodyStatus.Complete)
            {
                await OipResponses.BodyProblemAsync(context, body.Status, _options).ConfigureAwait(false);
                return;
            }

            await InferAsync(context, target, body.Buffer).ConfigureAwait(false);
            answered = true;
        }
        finally
        {
            _metrics.RequestEnded();

            // Queries addressed to a model count under the application "": the model's linked applications share it.
            var status = context.Response.StatusCode;
            if (status >= StatusCodes.Status400BadRequest)
            {
                _metrics.Refused(_metrics.Unrouted, status);
            }
            else if (answered)
            {
                _metrics.RequestCompleted(_metrics.Unrouted, _time.GetElapsedTime(started));
            }
        }
    }

    private async Task InferAsync(HttpContext context, OipTarget target, ReadOnlySequence<byte> buffer)
    {
        // The parser reads a contiguous body; Kestrel's body spans 4 KB blocks beyond small requests, so a larger body is
        // copied once into a pooled array (as a prediction's is), which also holds the id until the response is written.
        byte[]? copy = null;
        ReadOnlyMemory<byte> body;
        if (buffer.IsSingleSegment)
        {
            body = buffer.First;
        }
        else
        {
            copy = ArrayPool<byte>.Shared.Rent(checked((int)buffer.Length));
            buffer.CopyTo(copy);
            body = copy.AsMemory(0, (int)buffer.Length);
        }

        var rows = _inputsPool.Get();
        try
        {
            var runtime = target.Runtime;
            bool parsed;
            OipInferRequest request;
            string? error;
            using (var parse = FrontendTracing.StartParse())
            {
                parsed = OipRequestParser.TryParse(body.Span, runtime.Key, runtime.InputType, _limits, rows, out request, out error);
                parse?.SetTag("clipper.inputs", rows.Count);
            }

            if (!parsed)
            {
                await OipResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
                return;
            }

            await AnswerAsync(context, target, rows, body.Slice(request.HasId ? request.IdStart : 0, request.HasId ? request.IdLength : 0)).ConfigureAwait(false);
        }
        finally
        {
            _inputsPool.Return(rows);
            context.Request.BodyReader.AdvanceTo(buffer.End);
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }

    private async Task AnswerAsync(HttpContext context, OipTarget target, ParsedInputs rows, ReadOnlyMemory<byte> rawId)
    {
        var count = rows.Count;
        var queries = ArrayPool<Query>.Shared.Rent(count);
        try
        {
            var created = _inference.Submit(target, rows, queries, out var rejected);
            await OipInference.WaitAsync(queries, created).ConfigureAwait(false);
            if (rejected)
            {
                await OipResponses.QueueFullAsync(context, target).ConfigureAwait(false);
                return;
            }

            var answered = queries.AsSpan(0, count);
            _metrics.Answered(_metrics.Unrouted, target.Runtime.Key, answered);

            var missed = target.Route.DefaultOutputUtf8 is null ? OipInference.FirstDefault(answered) : -1;
            if (missed >= 0)
            {
                await OipResponses.NoDefaultAsync(context, target, missed, queries[missed]).ConfigureAwait(false);
                return;
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            OipResponseWriter.WriteInference(response.BodyWriter, rawId.Span, target, answered);
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
}
