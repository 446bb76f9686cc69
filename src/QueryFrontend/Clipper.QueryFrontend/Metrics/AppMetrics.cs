using System.Collections.Concurrent;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// One application's counts, kept as plain longs (for the JSON on <c>GET /metrics</c>) beside the instruments, and the
/// instruments' tag arrays, built once per application, model version and outcome so that recording allocates nothing.
/// </summary>
internal sealed class AppMetrics
{
    /// <summary>The refusal statuses counted per application; another status is counted under <see cref="OtherStatus"/>.</summary>
    public static readonly int[] Statuses = [400, 401, 404, 408, 413, 503];

    /// <summary>The tag value of a refusal whose status is not one of <see cref="Statuses"/>.</summary>
    public const string OtherStatus = "other";

    // A bound on the model versions whose tags are cached per application: queries of the models addressed directly (the
    // Open Inference Protocol) share one entry, and past the bound the tags are built per call instead of kept forever.
    private const int MaxCachedModels = 256;

    private readonly long[] _answers = new long[(int)DefaultReason.ModelVersionRemoved + 1];
    private readonly long[] _refused = new long[Statuses.Length + 1];
    private readonly KeyValuePair<string, object?>[][] _refusedTags;
    private readonly ConcurrentDictionary<ModelVersionId, QueryTags> _queryTags = new();
    private volatile QueryTags? _lastQueryTags;

    public AppMetrics(string name)
    {
        Name = name;
        AppTags = [new("app", name)];
        _refusedTags = new KeyValuePair<string, object?>[Statuses.Length + 1][];
        for (var i = 0; i <= Statuses.Length; i++)
        {
            var status = i < Statuses.Length ? Statuses[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : OtherStatus;
            _refusedTags[i] = [new("app", name), new("status", status)];
        }
    }

    /// <summary>The application's name; empty for queries addressed to a model directly and for unknown applications.</summary>
    public string Name { get; }

    /// <summary>The tags of the application's request duration: the application alone.</summary>
    public KeyValuePair<string, object?>[] AppTags { get; }

    /// <summary>End-to-end latency of the application's answered requests, in seconds.</summary>
    public LatencyCounts Latency { get; } = new();

    /// <summary>Queries answered so far, by <see cref="DefaultReason"/> (index 0: answered by the model).</summary>
    public long AnswerCount(DefaultReason reason) => Volatile.Read(ref _answers[(int)reason]);

    /// <summary>Requests refused so far with <see cref="Statuses"/>[<paramref name="slot"/>] (the last slot: any other status).</summary>
    public long RefusedCount(int slot) => Volatile.Read(ref _refused[slot]);

    internal void CountAnswers(DefaultReason reason, long count) => Interlocked.Add(ref _answers[(int)reason], count);

    /// <summary>Counts a refusal; returns its tags.</summary>
    internal KeyValuePair<string, object?>[] CountRefusal(int status)
    {
        var slot = Array.IndexOf(Statuses, status);
        if (slot < 0)
        {
            slot = Statuses.Length;
        }

        Interlocked.Increment(ref _refused[slot]);
        return _refusedTags[slot];
    }

    /// <summary>The tags of a query of this application answered for <paramref name="model"/> with <paramref name="reason"/>.</summary>
    internal KeyValuePair<string, object?>[] QueryTagsFor(ModelVersionId model, DefaultReason reason)
    {
        // Queries of one application nearly always go to one version: compare with the last one before any lookup.
        var last = _lastQueryTags;
        if (last is null || last.Model != model)
        {
            last = _queryTags.TryGetValue(model, out var cached) ? cached : Add(model);
            _lastQueryTags = last;
        }

        return last.ByReason[(int)reason];
    }

    private QueryTags Add(ModelVersionId model)
    {
        var tags = new QueryTags(Name, model);
        return _queryTags.Count < MaxCachedModels ? _queryTags.GetOrAdd(model, tags) : tags;
    }

    /// <summary>The tag arrays of one application and model version, one per outcome.</summary>
    private sealed class QueryTags
    {
        public QueryTags(string app, ModelVersionId model)
        {
            Model = model;
            ByReason = new KeyValuePair<string, object?>[(int)DefaultReason.ModelVersionRemoved + 1][];
            for (var i = 0; i < ByReason.Length; i++)
            {
                var reason = (DefaultReason)i;
                ByReason[i] = reason == DefaultReason.None
                    ? [new("app", app), new("model", model.Name), new("version", model.Version), new("outcome", "model")]
                    : [new("app", app), new("model", model.Name), new("version", model.Version), new("outcome", "default"), new("reason", DefaultExplanations.TagOf(reason))];
            }
        }

        public ModelVersionId Model { get; }

        public KeyValuePair<string, object?>[][] ByReason { get; }
    }
}
