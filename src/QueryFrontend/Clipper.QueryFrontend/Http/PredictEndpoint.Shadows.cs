using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Selection;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Http;

internal sealed partial class PredictEndpoint
{
    /// <summary>
    /// Sends each shadow model its share of the request's inputs. A shadow query owns a copy of its input, since it may
    /// outlive the request; its answer is never returned, only compared with the request's answer once both are known.
    /// </summary>
    /// <returns>The shadow queries, or null when none was sent (no shadow, or none drawn).</returns>
    private List<ShadowQuery>? StartShadows(AppRoute app, ParsedInputs inputs, long now, long deadline)
    {
        if (app.Shadows.IsEmpty)
        {
            return null;
        }

        List<ShadowQuery>? started = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            foreach (var arm in app.Shadows)
            {
                if (Random.Shared.Next(100) >= arm.ShadowPercent)
                {
                    continue;
                }

                var query = new Query(QueryIds.Next(), inputs.GetInput(i).ToArray(), deadline, app.DefaultOutputUtf8) { EnqueuedAt = now };
                if (!QuerySubmission.TryQueue(arm.Target, QuerySubmission.IsServing(arm.Target), query, _deadlines))
                {
                    // A full shadow queue never refuses the request: the shadow misses this one.
                    query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
                }

                (started ??= []).Add(new ShadowQuery(i, arm, query));
            }
        }

        return started;
    }

    /// <summary>Compares each shadow's answer with the request's answer for the same input, when the shadow has it.</summary>
    /// <param name="app">The application.</param>
    /// <param name="shadows">From <see cref="StartShadows"/>.</param>
    /// <param name="answers">The request's answer per input (the model's output), or null where it was a default.</param>
    private void CompareShadows(AppRoute app, List<ShadowQuery>? shadows, byte[]?[]? answers)
    {
        if (shadows is null || answers is null)
        {
            return;
        }

        foreach (var shadow in shadows)
        {
            _ = CompareShadowAsync(app.Name, shadow, answers[shadow.Input]);
        }
    }

    /// <summary>Copies the answers a shadow is compared with (the request's buffers go back to their pools when it ends).</summary>
    private static byte[]?[]? AnswersForShadows(List<ShadowQuery>? shadows, ReadOnlySpan<Query> queries)
    {
        if (shadows is null)
        {
            return null;
        }

        var answers = new byte[]?[queries.Length];
        foreach (var shadow in shadows)
        {
            var primary = queries[shadow.Input];
            answers[shadow.Input] ??= primary.DefaultReason == DefaultReason.None ? primary.Output.ToArray() : null;
        }

        return answers;
    }

    private async Task CompareShadowAsync(string app, ShadowQuery shadow, byte[]? answer)
    {
        try
        {
            await shadow.Query.Completion.ConfigureAwait(false);
            var result = shadow.Query.DefaultReason != DefaultReason.None || answer is null ? ShadowResult.Missed
                : AnswerComparison.Agree(answer, shadow.Query.Output.Span) ? ShadowResult.Agreed
                : ShadowResult.Disagreed;
            _metrics.ShadowCompared(app, shadow.Arm.ModelName, result);
        }
        catch (Exception exception)
        {
            LogShadowFailed(_logger, exception, app, shadow.Arm.ModelName);
        }
        finally
        {
            shadow.Query.Release();
        }
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Error, Message = "Comparing shadow model {Model}'s answer for application {App} failed")]
    private static partial void LogShadowFailed(ILogger logger, Exception exception, string app, string model);
}
