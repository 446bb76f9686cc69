using System.Buffers;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

internal sealed partial class PredictEndpoint
{
    /// <summary>
    /// An application with several served models (or shadows): under split and Exp3 each query goes to one model
    /// (<see cref="ArmChoice"/>); under ensemble and Exp4 to all of them (<see cref="EnsembleAsync"/>). Shadows get their
    /// share of the inputs either way.
    /// </summary>
    private Task PredictMultiAsync(HttpContext context, AppRoute app, AppMetrics counts, ParsedInputs inputs, long objective) =>
        app.Policy is Configuration.SelectionPolicy.Ensemble or Configuration.SelectionPolicy.Exp4
            ? EnsembleAsync(context, app, counts, inputs, objective)
            : SplitAsync(context, app, counts, inputs, objective);

    private async Task SplitAsync(HttpContext context, AppRoute app, AppMetrics counts, ParsedInputs inputs, long objective)
    {
        var count = inputs.Count;
        var queries = ArrayPool<Query>.Shared.Rent(count);
        var arms = ArrayPool<int>.Shared.Rent(count);
        var created = 0;
        try
        {
            var choice = ArmChoice.For(app, context.Request.Headers);
            var now = _time.GetTimestamp();
            var deadline = now + objective;
            var rejected = false;
            for (; created < count && !rejected; created++)
            {
                var arm = choice.Next();
                var target = app.Served[arm].Pick(choice.KeyHash, out var isCanary);
                arms[created] = isCanary ? ~arm : arm;
                var query = new Query(QueryIds.Next(), inputs.GetInput(created), deadline, app.DefaultOutputUtf8) { EnqueuedAt = now };
                queries[created] = query;
                rejected = !QuerySubmission.TryQueue(target, QuerySubmission.IsServing(target), query, _deadlines);
            }

            if (rejected)
            {
                QuerySubmission.RefuseAll(queries.AsSpan(0, created));
                await ErrorResponses.QueueFullAsync(context, app).ConfigureAwait(false);
                return;
            }

            var shadows = StartShadows(app, inputs, now, deadline);
            for (var i = 0; i < created; i++)
            {
                await queries[i].Completion.ConfigureAwait(false);
            }

            for (var i = 0; i < created; i++)
            {
                Count(counts, app.Served[arms[i] < 0 ? ~arms[i] : arms[i]], arms[i] < 0, queries[i]);
            }

            CompareShadows(app, shadows, AnswersForShadows(shadows, queries.AsSpan(0, created)));
            WriteAnswers(context, inputs.IsBatch, queries.AsSpan(0, count));
        }
        finally
        {
            for (var i = 0; i < created; i++)
            {
                queries[i].Release();
                queries[i] = null!;
            }

            ArrayPool<Query>.Shared.Return(queries);
            ArrayPool<int>.Shared.Return(arms);
        }
    }

    /// <summary>Counts one query of an application with several models under its version; a canary's query also in its window.</summary>
    private void Count(AppMetrics counts, AppArm arm, bool isCanary, Query query)
    {
        var target = isCanary ? arm.CanaryTarget : arm.Target;
        _metrics.Answered(counts, target?.Key ?? FrontendMetrics.NoModel, new ReadOnlySpan<Query>(in query));
        if (isCanary)
        {
            arm.Canary?.Recorded(query.DefaultReason != DefaultReason.None, (long)_time.GetElapsedTime(query.EnqueuedAt).TotalMicroseconds);
        }
    }
}
