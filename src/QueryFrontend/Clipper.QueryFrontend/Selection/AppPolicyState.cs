using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// One application's learned log-weights on this frontend (Exp3, Exp4): the store's sums, read back every second, plus
/// this frontend's own feedback since that read, so that what it learns shows at once. Read without locks: each change
/// publishes a new snapshot.
/// </summary>
internal sealed class AppPolicyState
{
    private volatile FrozenDictionary<string, double> _stored = FrozenDictionary<string, double>.Empty;
    private volatile PolicySnapshot? _snapshot;
    private int _version;

    public AppPolicyState(string app) => App = app;

    public string App { get; }

    /// <summary>The log-weights as stored, by model (a model without an entry has 0).</summary>
    public FrozenDictionary<string, double> Stored => _stored;

    /// <summary>Replaces the stored log-weights with a fresh read of the store.</summary>
    public void Load(IReadOnlyDictionary<string, double> stored)
    {
        _stored = stored.ToFrozenDictionary(StringComparer.Ordinal);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Adds this frontend's own updates (already sent to the store) until the next read.</summary>
    public void Add(ReadOnlySpan<(string Model, double Delta)> deltas)
    {
        var next = new Dictionary<string, double>(_stored, StringComparer.Ordinal);
        foreach (var (model, delta) in deltas)
        {
            next[model] = next.GetValueOrDefault(model) + delta;
        }

        _stored = next.ToFrozenDictionary(StringComparer.Ordinal);
        Interlocked.Increment(ref _version);
    }

    /// <summary>The policies over <paramref name="models"/> (in that order), rebuilt only when the weights or the models changed.</summary>
    public PolicySnapshot For(ImmutableArray<string> models)
    {
        var version = Volatile.Read(ref _version);
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.Version == version && snapshot.Models == models)
        {
            return snapshot;
        }

        var stored = _stored;
        var logWeights = new double[models.Length];
        for (var i = 0; i < logWeights.Length; i++)
        {
            logWeights[i] = stored.GetValueOrDefault(models[i]);
        }

        snapshot = new PolicySnapshot(version, models, new Exp3Policy(logWeights), new Exp4Policy(logWeights));
        _snapshot = snapshot;
        return snapshot;
    }
}
