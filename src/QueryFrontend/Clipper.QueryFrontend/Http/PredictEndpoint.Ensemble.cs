using System.Buffers;
using Clipper.Configuration;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Selection;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

internal sealed partial class PredictEndpoint
{
    /// <summary>
    /// Every served model answers every input, all by the request's deadline; the answers that arrived are combined
    /// (<see cref="AnswerCombiner"/>: mean of numbers, else a weighted vote) with the links' weights (ensemble) or the
    /// learned ones (Exp4). At the deadline the answers in hand make the answer, and <c>models_missed</c> names the
    /// models left out: the paper's straggler mitigation.
    /// </summary>
    private async Task EnsembleAsync(HttpContext context, AppRoute app, AppMetrics counts, ParsedInputs inputs, long objective)
    {
        var models = app.Served.Length;
        var count = inputs.Count;
        var total = count * models;
        var queries = ArrayPool<Query>.Shared.Rent(total);
        var created = 0;
        var canaries = ArrayPool<bool>.Shared.Rent(total);
        try
        {
            var keyHash = ArmChoice.For(app, context.Request.Headers).KeyHash;
            var now = _time.GetTimestamp();
            var deadline = now + objective;
            var rejected = false;
            for (var i = 0; i < count && !rejected; i++)
            {
                for (var m = 0; m < models && !rejected; m++, created++)
                {
                    var target = app.Served[m].Pick(keyHash, out canaries[created]);
                    var query = new Query(QueryIds.Next(), inputs.GetInput(i), deadline, app.DefaultOutputUtf8) { EnqueuedAt = now };
                    queries[created] = query;
                    rejected = !QuerySubmission.TryQueue(target, QuerySubmission.IsServing(target), query, _deadlines);
                }
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
                Count(counts, app.Served[i % models], canaries[i], queries[i]);
            }

            var answers = Combine(app, queries.AsSpan(0, created), count);
            CompareShadows(app, shadows, shadows is null ? null : Array.ConvertAll(answers, static a => a.IsDefault ? null : a.OutputUtf8.ToArray()));
            WriteAnswers(context, inputs.IsBatch, answers);
        }
        finally
        {
            for (var i = 0; i < created; i++)
            {
                queries[i].Release();
                queries[i] = null!;
            }

            ArrayPool<Query>.Shared.Return(queries);
            ArrayPool<bool>.Shared.Return(canaries);
        }
    }

    /// <summary>One answer per input from its models' queries (input-major: the models of input 0, then of input 1...).</summary>
    private QueryAnswer[] Combine(AppRoute app, ReadOnlySpan<Query> queries, int count)
    {
        var models = app.Served.Length;
        Span<double> weights = models <= 32 ? stackalloc double[models] : new double[models];
        if (app.Policy == SelectionPolicy.Exp4 && app.PolicyState is { } state)
        {
            state.For(app.ServedNames).Exp4.Weights.CopyTo(weights);
        }
        else
        {
            for (var m = 0; m < models; m++)
            {
                weights[m] = app.Served[m].Weight;
            }
        }

        var outputs = new ReadOnlyMemory<byte>?[models];
        Span<bool> used = models <= 32 ? stackalloc bool[models] : new bool[models];
        var answers = new QueryAnswer[count];
        for (var i = 0; i < count; i++)
        {
            var group = queries.Slice(i * models, models);
            for (var m = 0; m < models; m++)
            {
                outputs[m] = group[m].DefaultReason == DefaultReason.None ? (ReadOnlyMemory<byte>?)group[m].Output : null;
            }

            var combined = AnswerCombiner.Combine(outputs, weights, used);
            var missed = Missed(app, group, used);
            answers[i] = combined.Output is { } output
                ? new QueryAnswer(group[0].QueryId, output, isDefault: false) { ModelsMissed = missed }
                : new QueryAnswer(group[0].QueryId, app.DefaultOutputUtf8, isDefault: true, Explain(group[0])) { ModelsMissed = missed };
        }

        return answers;
    }

    /// <summary>The models whose answers did not make an ensemble's answer, counted; null when every one did.</summary>
    private string[]? Missed(AppRoute app, ReadOnlySpan<Query> group, ReadOnlySpan<bool> used)
    {
        List<string>? missed = null;
        for (var m = 0; m < group.Length; m++)
        {
            if (!used[m])
            {
                (missed ??= []).Add(app.Served[m].ModelName);
                _metrics.EnsembleMissed(app.Name, app.Served[m].ModelName);
            }
        }

        return missed?.ToArray();
    }
}
