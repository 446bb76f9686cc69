using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Caching;

/// <summary>
/// One input of a <see cref="PredictionCache"/>: while its first query (the leader) is evaluated, the identical queries
/// that wait on it; then the input and the answer, in one array that is never changed again (queries share it).
/// </summary>
internal sealed class CacheEntry : IQueryObserver
{
    /// <summary>Bytes counted per entry beside its input and output: the entry, its array's header, the dictionary's node.</summary>
    public const int Overhead = 96;

    private readonly PredictionCache _cache;
    private volatile byte[]? _data;

    public CacheEntry(PredictionCache cache, ulong hash, Query leader)
    {
        _cache = cache;
        Hash = hash;
        Leader = leader;
    }

    public ulong Hash { get; }

    /// <summary>The query being evaluated for this input, or null once the entry holds the answer. Guarded by the cache's lock.</summary>
    public Query? Leader { get; set; }

    /// <summary>The identical queries waiting on <see cref="Leader"/>, or null. Guarded by the cache's lock.</summary>
    public List<Query>? Followers { get; set; }

    /// <summary>The input followed by the output, or null while the leader is evaluated.</summary>
    public byte[]? Data => _data;

    /// <summary>The input's length in <see cref="Data"/>.</summary>
    public int InputLength { get; private set; }

    /// <summary>The bytes the entry counts against the cache's bound.</summary>
    public long Size => (_data?.Length ?? 0) + Overhead;

    /// <summary>Set by every hit, cleared by the clock hand: an entry is evicted when the hand finds it cleared.</summary>
    public bool Referenced { get; set; }

    /// <summary>Whether <paramref name="input"/> is this entry's input (the hash matched; the bytes decide).</summary>
    public bool Matches(ReadOnlySpan<byte> input)
    {
        var data = _data;
        return data is not null
            ? input.SequenceEqual(data.AsSpan(0, InputLength))
            : Leader is { } leader && input.SequenceEqual(leader.Input.Span);
    }

    /// <summary>Keeps the leader's input and answer; from now on the entry answers hits.</summary>
    public void Fill(ReadOnlySpan<byte> input, ReadOnlySpan<byte> output)
    {
        var data = new byte[input.Length + output.Length];
        input.CopyTo(data);
        output.CopyTo(data.AsSpan(input.Length));
        InputLength = input.Length;
        _data = data;
    }

    void IQueryObserver.Completed(Query query) => _cache.LeaderCompleted(this, query);
}
