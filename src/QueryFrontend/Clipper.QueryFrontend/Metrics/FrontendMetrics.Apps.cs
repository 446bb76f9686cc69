using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Metrics;

internal sealed partial class FrontendMetrics
{
    /// <summary>The model version label of queries that had none to go to (no model linked, no current version).</summary>
    public static readonly ModelVersionId NoModel = new("", "");

    /// <summary>
    /// Counts the answers of one request: per outcome, one add to the application's counts and one to the instrument
    /// (a batch of a hundred inputs answered by the model is one add, not a hundred).
    /// </summary>
    /// <param name="app">The application (or <see cref="Unrouted"/> for queries addressed to a model).</param>
    /// <param name="model">The model version the queries were queued for, or <see cref="NoModel"/>.</param>
    /// <param name="queries">The request's answered queries.</param>
    public void Answered(AppMetrics app, ModelVersionId model, ReadOnlySpan<Query> queries)
    {
        Span<int> byReason = stackalloc int[(int)DefaultReason.ModelVersionRemoved + 1];
        foreach (var query in queries)
        {
            byReason[(int)query.DefaultReason]++;
        }

        var enabled = _queries.Enabled;
        for (var reason = 0; reason < byReason.Length; reason++)
        {
            var count = byReason[reason];
            if (count == 0)
            {
                continue;
            }

            Interlocked.Add(ref _answersByReason[reason], count);
            app.CountAnswers((DefaultReason)reason, count);
            if (enabled)
            {
                _queries.Add(count, app.QueryTagsFor(model, (DefaultReason)reason));
            }
        }
    }

    /// <summary>A request of <paramref name="app"/> was refused with <paramref name="status"/> (4xx, 503).</summary>
    public void Refused(AppMetrics app, int status)
    {
        if (status == 503)
        {
            Interlocked.Increment(ref _rejectedCount);
        }

        var tags = app.CountRefusal(status);
        if (_requests.Enabled)
        {
            _requests.Add(1, tags);
        }
    }

    /// <summary>A request of <paramref name="app"/> was answered after <paramref name="elapsed"/>.</summary>
    public void RequestCompleted(AppMetrics app, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        app.Latency.Record(seconds);
        if (_requestDuration.Enabled)
        {
            _requestDuration.Record(seconds, app.AppTags);
        }
    }
}
