using System.Text;
using Clipper.Configuration;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// <c>POST /{app}/update</c>, Clipper's feedback: <c>{"uid": 0, "input": ..., "label": 1.0}</c>, answered
/// <c>Feedback received? 1</c>. An application with a learning policy learns from it (<see cref="FeedbackLearner"/>):
/// the input is evaluated again (usually a cache hit), each answer's loss against the label moves its model's weight in
/// the store, and every frontend reads the weights back. Other applications acknowledge it and count it.
/// </summary>
internal sealed partial class FeedbackEndpoint
{
    private static readonly byte[] s_received = Encoding.UTF8.GetBytes("Feedback received? 1");

    private readonly RoutingTable _routing;
    private readonly FrontendMetrics _metrics;
    private readonly QueryFrontendOptions _options;
    private readonly ObjectPool<ParsedInputs> _inputsPool;
    private readonly FeedbackLearner _learner;
    private readonly ParseLimits _limits;
    private readonly ILogger _logger;

    public FeedbackEndpoint(
        RoutingTable routing,
        FrontendMetrics metrics,
        DeadlineTimer<Query> deadlines,
        QueryFrontendOptions options,
        ObjectPool<ParsedInputs> inputsPool,
        IPolicyStateStore store,
        ILogger<FeedbackEndpoint> logger)
    {
        _routing = routing;
        _metrics = metrics;
        _options = options;
        _inputsPool = inputsPool;
        _logger = logger;
        _learner = new FeedbackLearner(metrics, deadlines, store, options.TimeProvider);
        _limits = new ParseLimits(options.MaxInputsPerRequest, options.MaxInputBytes, options.MaxJsonDepth);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var inputs = _inputsPool.Get();
        try
        {
            var appName = context.Request.RouteValues["app"] as string ?? "";
            if (!_routing.Current.Apps.TryGetValue(appName, out var app))
            {
                await ErrorResponses.UnknownAppAsync(context, appName).ConfigureAwait(false);
                return;
            }

            if (app.Keys is { } keys && ApiKeyHeaders.Check(context.Request.Headers, keys) is var check && check != KeyCheck.Accepted)
            {
                _metrics.KeyRefused(check);
                await (check == KeyCheck.Missing ? ErrorResponses.ApiKeyMissingAsync(context, app.Name) : ErrorResponses.ApiKeyInvalidAsync(context, app.Name)).ConfigureAwait(false);
                return;
            }

            var body = await RequestBody.ReadAsync(context, _options.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body.Status != RequestBodyStatus.Complete)
            {
                await ErrorResponses.BodyProblemAsync(context, body.Status, _options).ConfigureAwait(false);
                return;
            }

            var parsed = UpdateRequestParser.TryParse(body.Buffer, app.InputType, _limits, inputs, out var feedback, out var error);
            context.Request.BodyReader.AdvanceTo(body.Buffer.End);
            if (!parsed)
            {
                await ErrorResponses.BadRequestAsync(context, error.Error, error.Cause).ConfigureAwait(false);
                return;
            }

            _metrics.FeedbackReceived();
            if (app.PolicyState is not null && app.IsMulti && !await _learner.LearnAsync(app, inputs.GetInput(0), feedback.Label).ConfigureAwait(false))
            {
                LogFeedbackNotStored(_logger, app.Name);
                context.Response.Headers.RetryAfter = "1";
                await ErrorResponses.FeedbackNotStoredAsync(context, app.Name).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(s_received, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _inputsPool.Return(inputs);
        }
    }

    [LoggerMessage(EventId = 140, Level = LogLevel.Warning, Message = "Feedback for application {App} was not stored: Redis did not take it; the client was answered 503")]
    private static partial void LogFeedbackNotStored(ILogger logger, string app);
}
