using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// The protocol-independent core of an inference request: one query per row on the addressed version's queue, batched
/// with every other query of that version (Clipper's predictions included), completed by the model, the deadline or a fault.
/// </summary>
internal sealed class OipInference
{
    // A model linked to no application has no default output: its queries still need one to complete with, but a row
    // answered with it is turned into an error before anything is written.
    private static readonly byte[] s_noDefault = [];

    private readonly DeadlineTimer<Query> _deadlines;
    private readonly TimeProvider _time;

    public OipInference(DeadlineTimer<Query> deadlines, TimeProvider time)
    {
        _deadlines = deadlines;
        _time = time;
    }

    /// <summary>
    /// Creates and queues one query per row into <paramref name="queries"/>; returns how many were created. When the
    /// version's queue is full, stops there, completes those already created and sets <paramref name="rejected"/>.
    /// </summary>
    public int Submit(in OipTarget target, ParsedInputs rows, Query[] queries, out bool rejected)
    {
        var now = _time.GetTimestamp();
        return QuerySubmission.Submit(
            target.Runtime, rows, now, now + target.Route.ObjectiveTimestampTicks, target.Route.DefaultOutputUtf8 ?? s_noDefault,
            _deadlines, queries, out rejected);
    }

    /// <summary>Waits for the first <paramref name="count"/> queries to complete.</summary>
    public static async ValueTask WaitAsync(Query[] queries, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await queries[i].Completion.ConfigureAwait(false);
        }
    }

    /// <summary>The first row answered with a default, or -1 when the model answered every row.</summary>
    public static int FirstDefault(ReadOnlySpan<Query> queries)
    {
        for (var i = 0; i < queries.Length; i++)
        {
            if (queries[i].DefaultReason != DefaultReason.None)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The explanation of a row answered with a default, in Clipper's words.</summary>
    public static string Explain(Query query) => query.DefaultReason == DefaultReason.ModelError
        ? DefaultExplanations.ModelErrorPrefix + query.ModelError
        : DefaultExplanations.For(query.DefaultReason);
}
