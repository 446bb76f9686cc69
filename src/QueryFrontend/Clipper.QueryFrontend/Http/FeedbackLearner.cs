using Clipper.Configuration;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Turns one feedback into weight changes (the paper's model selection, §5.1). Exp3: the bandit draws one model as it
/// would for a query, that model's answer to the input is judged, and its log-weight moves by
/// <see cref="Exp3Policy.LogWeightDelta"/>. Exp4: every model's answer is judged and each weight moves by its own loss.
/// The input is evaluated through the models' queues and caches, so the answers a prediction just got are usually hits.
/// </summary>
internal sealed class FeedbackLearner
{
    private static readonly TimeSpan s_storeTimeout = TimeSpan.FromSeconds(2);
    private static readonly byte[] s_noDefault = [];

    private readonly FrontendMetrics _metrics;
    private readonly DeadlineTimer<Query> _deadlines;
    private readonly IPolicyStateStore _store;
    private readonly TimeProvider _time;

    public FeedbackLearner(FrontendMetrics metrics, DeadlineTimer<Query> deadlines, IPolicyStateStore store, TimeProvider time)
    {
        _metrics = metrics;
        _deadlines = deadlines;
        _store = store;
        _time = time;
    }

    /// <summary>Learns from one feedback; false when the store could not take the change (nothing was learned).</summary>
    public async Task<bool> LearnAsync(AppRoute app, ReadOnlyMemory<byte> input, double label)
    {
        var state = app.PolicyState!;
        var snapshot = state.For(app.ServedNames);
        var exp3 = app.Policy == SelectionPolicy.Exp3;
        var first = exp3 ? snapshot.Exp3.Choose(Random.Shared.NextDouble()) : 0;
        var count = exp3 ? 1 : app.Served.Length;
        var queries = new Query[count];
        var now = _time.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var target = app.Served[first + i].Target;
            queries[i] = new Query(QueryIds.Next(), input, now + app.ObjectiveTimestampTicks, s_noDefault) { EnqueuedAt = now };
            if (!QuerySubmission.TryQueue(target, QuerySubmission.IsServing(target), queries[i], _deadlines))
            {
                queries[i].TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
            }
        }

        var deltas = new List<(string Model, double Delta)>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await queries[i].Completion.ConfigureAwait(false);
                if (queries[i].DefaultReason != DefaultReason.None)
                {
                    // No answer, nothing to judge: a model is not blamed for a deadline or a lost replica.
                    continue;
                }

                var arm = first + i;
                var loss = FeedbackLoss.Of(queries[i].Output.Span, label);
                _metrics.FeedbackTaken(app.Name, app.ServedNames[arm], loss);
                deltas.Add((app.ServedNames[arm], exp3 ? snapshot.Exp3.LogWeightDelta(arm, loss) : snapshot.Exp4.LogWeightDelta(arm, loss)));
            }
        }
        finally
        {
            foreach (var query in queries)
            {
                query.Release();
            }
        }

        if (deltas.Count == 0)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(s_storeTimeout, _time);
        try
        {
            await _store.AddAsync(app.Name, deltas.ToArray(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ConfigurationStoreException or OperationCanceledException)
        {
            return false;
        }

        state.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deltas));
        return true;
    }
}
