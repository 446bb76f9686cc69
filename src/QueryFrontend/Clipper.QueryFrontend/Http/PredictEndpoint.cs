using System.Buffers;
using System.Runtime.CompilerServices;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// <c>POST /{app}/predict</c>: body → typed inputs → one query per input on the app's model queue
/// → answers (the model's, or the default output with its reason) in Clipper's format.
/// </summary>
internal sealed partial class PredictEndpoint
{
    private readonly RoutingTable _routing;
    private readonly FrontendMetrics _metrics;
    private readonly DeadlineTimer<Query> _deadlines;
    private readonly QueryFrontendOptions _options;
    private readonly ObjectPool<ParsedInputs> _inputsPool;
    private readonly TimeProvider _time;
    private readonly ShutdownDelay _shutdown;
    private readonly ParseLimits _limits;
    private readonly ILogger _logger;

    public PredictEndpoint(
        RoutingTable routing,
        FrontendMetrics metrics,
        DeadlineTimer<Query> deadlines,
        QueryFrontendOptions options,
        ObjectPool<ParsedInputs> inputsPool,
        ShutdownDelay shutdown,
        ILogger<PredictEndpoint> logger)
    {
        _logger = logger;
        _shutdown = shutdown;
        _routing = routing;
        _metrics = metrics;
        _deadlines = deadlines;
        _options = options;
        _inputsPool = inputsPool;
        _time = options.TimeProvider;
        _limits = new ParseLimits(options.MaxInputsPerRequest, options.MaxInputBytes, options.MaxJsonDepth);
    }

    /// <summary>The request delegate: the only task a request allocates is the one Kestrel needs, when the answer is pending.</summary>
    public Task HandleAsync(HttpContext context) => HandleRequestAsync(context, routed: null).AsTask();

    // Pooled: an `async Task` method allocates its state machine box whenever it waits (for the model, always).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandleRequestAsync(HttpContext context, AppRoute? routed)
    {
        var started = _time.GetTimestamp();
        _metrics.RequestStarted();
        if (_shutdown.IsStopping)
        {
            // A kept-alive client of a stopping frontend is answered, then closed: its next request
            // opens a connection to a frontend that stays (another listener of a shared port, or
            // another endpoint of a service), instead of racing this one's close.
            context.Response.Headers.Connection = "close";
        }

        var inputs = _inputsPool.Get();
        var counts = _metrics.Unrouted;
        var answered = false;
        try
        {
            // Found already by InvokeAsync, or through the router's route values.
            var app = routed;
            if (app is null)
            {
                var appName = context.Request.RouteValues["app"] as string ?? "";
                if (!_routing.Current.Apps.TryGetValue(appName, out app))
                {
                    await ErrorResponses.UnknownAppAsync(context, appName).ConfigureAwait(false);
                    return;
                }
            }

            counts = _metrics.ForApp(app.Name);

            // Applications without a key requirement pay this null check only.
            if (app.Keys is { } keys && ApiKeyHeaders.Check(context.Request.Headers, keys) is var check && check != KeyCheck.Accepted)
            {
                await RefuseKeyAsync(context, app, check).ConfigureAwait(false);
                return;
            }

            if (!RequestObjective.TryReadHeader(context.Request.Headers, out var headerObjective, out var headerError))
            {
                await ErrorResponses.BadRequestAsync(context, headerError.Error, headerError.Cause).ConfigureAwait(false);
                return;
            }

            var body = await RequestBody.ReadAsync(context, _options.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body.Status != RequestBodyStatus.Complete)
            {
                await ErrorResponses.BodyProblemAsync(context, body.Status, _options).ConfigureAwait(false);
                return;
            }

            bool parsed;
            RequestError error;
            using (var parse = FrontendTracing.StartParse())
            {
                parsed = PredictRequestParser.TryParse(body.Buffer, app.InputType, _limits, inputs, out error);
                parse?.SetTag("clipper.inputs", inputs.Count);
            }

            if (!parsed)
            {
                context.Request.BodyReader.AdvanceTo(body.Buffer.End);
                await ErrorResponses.BadRequestAsync(context, error.Error, error.Cause).ConfigureAwait(false);
                return;
            }

            context.Request.BodyReader.AdvanceTo(body.Buffer.End);
            var objective = RequestObjective.Effective(app.ObjectiveTimestampTicks, headerObjective, inputs.RequestedObjectiveMicros, _time.TimestampFrequency);
            if (app.IsMulti)
            {
                await PredictMultiAsync(context, app, counts, inputs, objective).ConfigureAwait(false);
            }
            else
            {
                await PredictAsync(context, app, counts, inputs, objective).ConfigureAwait(false);
            }

            answered = true;
        }
        finally
        {
            _inputsPool.Return(inputs);
            _metrics.RequestEnded();
            RequestEnded(context, counts, started, answered);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask PredictAsync(HttpContext context, AppRoute app, AppMetrics counts, ParsedInputs inputs, long objective)
    {
        var count = inputs.Count;
        var queries = ArrayPool<Query>.Shared.Rent(count);
        try
        {
            var created = Submit(app, inputs, objective, queries, out var rejected);
            for (var i = 0; i < created; i++)
            {
                await queries[i].Completion.ConfigureAwait(false);
            }

            if (rejected)
            {
                await ErrorResponses.QueueFullAsync(context, app).ConfigureAwait(false);
                return;
            }

            _metrics.Answered(counts, app.Target?.Key ?? FrontendMetrics.NoModel, queries.AsSpan(0, count));
            WriteAnswers(context, inputs.IsBatch, queries.AsSpan(0, count));
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

    /// <summary>Queues one query per input on the app's model version (<see cref="QuerySubmission"/>), due <paramref name="objective"/> from now.</summary>
    private int Submit(AppRoute app, ParsedInputs inputs, long objective, Query[] queries, out bool rejected)
    {
        var now = _time.GetTimestamp();
        return QuerySubmission.Submit(app.Target, inputs, now, now + objective, app.DefaultOutputUtf8, _deadlines, queries, out rejected);
    }

    /// <summary>Counts a request's end: its latency when it was answered, its status when it was refused.</summary>
    private void RequestEnded(HttpContext context, AppMetrics counts, long started, bool answered)
    {
        var status = context.Response.StatusCode;
        if (status >= StatusCodes.Status400BadRequest)
        {
            _metrics.Refused(counts, status);
        }
        else if (answered)
        {
            _metrics.RequestCompleted(counts, _time.GetElapsedTime(started));
        }
    }
}
