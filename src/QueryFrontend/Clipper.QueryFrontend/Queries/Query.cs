using System.Buffers;
using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Queries;

/// <summary>
/// One input of one HTTP request on its way to a model and back. It is queued, sent in a batch,
/// and completed exactly once: by the model's answer, by its deadline, or by a fault.
/// </summary>
/// <remarks>
/// <para>
/// The input bytes belong to the HTTP request's buffer, which is returned to its pool once every
/// query of the request has completed. A replica copies those bytes into a frame while holding
/// the query in the <see cref="QueryState.Copying"/> state; completion waits for the copy to
/// end, so the buffer can never be recycled under the copy.
/// </para>
/// <para>
/// Queries from <see cref="Rent"/> go back to a pool on <see cref="Release"/>, but only those the model answered
/// (<see cref="TryCompleteWithOutput"/>, whose caller has let go of the query first): nothing else can reach such a
/// query but the deadline timer, whose entry carries the <see cref="Generation"/> it was scheduled for and completes
/// only that one (<see cref="TryExpire"/>). A query answered any other way (its deadline, a fault, the cache) may
/// still be held by a replica whose answer comes late, a queue or a cache entry, so it is left to the collector.
/// </para>
/// </remarks>
internal sealed class Query : IQueueItem, IValueTaskSource
{
    private const int StateBits = 2;
    private const int StateMask = (1 << StateBits) - 1;
    private static readonly QueryPool s_pool = new();

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    // The QueryState in the low bits, the generation above them: one compare-and-swap checks both.
    private int _state;
    private bool _pooled;
    private bool _recyclable;
    private byte[]? _outputBuffer;
    private int _outputOffset;
    private int _outputLength;

    // The output is the prediction cache's (shared, immutable), not a pooled buffer of this query's own.
    private bool _outputShared;

    public Query(long queryId, ReadOnlyMemory<byte> input, long deadline, byte[] defaultOutputUtf8)
    {
        QueryId = queryId;
        Input = input;
        Deadline = deadline;
        DefaultOutputUtf8 = defaultOutputUtf8;
    }

    /// <summary>A query from the pool (or a new one), to be given back by <see cref="Release"/>.</summary>
    public static Query Rent(long queryId, ReadOnlyMemory<byte> input, long deadline, byte[] defaultOutputUtf8, long enqueuedAt)
    {
        var query = s_pool.Rent() ?? new Query(queryId, input, deadline, defaultOutputUtf8) { _pooled = true };
        query.QueryId = queryId;
        query.Input = input;
        query.Deadline = deadline;
        query.DefaultOutputUtf8 = defaultOutputUtf8;
        query.EnqueuedAt = enqueuedAt;
        return query;
    }

    /// <summary>
    /// The query's <c>queue wait</c> span when the request is traced, else null. Set before the query is queued; its
    /// trace id and parent (the request's span) place the batch that takes the query in the request's trace.
    /// </summary>
    public Activity? QueueWait { get; set; }

    /// <summary>The id returned to the client as <c>query_id</c>.</summary>
    public long QueryId { get; private set; }

    /// <summary>
    /// Told of the query's completion before its request resumes, or null (most queries). Set before the query is
    /// queued; a prediction cache sets it on the query that evaluates an input for the identical ones waiting.
    /// </summary>
    public IQueryObserver? Observer { get; set; }

    /// <summary>The input in wire form.</summary>
    public ReadOnlyMemory<byte> Input { get; private set; }

    /// <inheritdoc />
    public long Deadline { get; private set; }

    /// <summary>When the query was queued (a <see cref="TimeProvider"/> timestamp): its queue wait ends when a batch takes it.</summary>
    public long EnqueuedAt { get; set; }

    /// <summary>The application's default output, UTF-8: the answer when the model cannot give one.</summary>
    /// <remarks>An array, not a memory slice: one reference per query.</remarks>
    public byte[] DefaultOutputUtf8 { get; private set; }

    /// <inheritdoc />
    public bool IsCompleted => (Volatile.Read(ref _state) & StateMask) == (int)QueryState.Completed;

    /// <inheritdoc />
    public int Generation => Volatile.Read(ref _state) >> StateBits;

    /// <summary>Why the answer is the default output, or <see cref="DefaultReason.None"/>.</summary>
    public DefaultReason DefaultReason { get; private set; }

    /// <summary>The model's error message when <see cref="DefaultReason"/> is <see cref="DefaultReason.ModelError"/>.</summary>
    public string? ModelError { get; private set; }

    /// <summary>The answer's output: the model's output, or the application's default output.</summary>
    public ReadOnlyMemory<byte> Output => DefaultReason == DefaultReason.None
        ? _outputBuffer.AsMemory(_outputOffset, _outputLength)
        : DefaultOutputUtf8;

    /// <summary>A task that completes when the query has its answer.</summary>
    public ValueTask Completion => new(this, _core.Version);

    /// <summary>Claims a queued query for copying into a batch frame. False when it was completed meanwhile.</summary>
    public bool TryBeginCopy() => TryMove(QueryState.Queued, QueryState.Copying);

    /// <summary>Ends the copy started by <see cref="TryBeginCopy"/>: the query is now in flight.</summary>
    public void EndCopy() => Volatile.Write(ref _state, (Volatile.Read(ref _state) & ~StateMask) | (int)QueryState.InFlight);

    /// <summary>Takes an in-flight query back for re-queueing after its replica was lost.</summary>
    public bool TryReturnToQueue() => TryMove(QueryState.InFlight, QueryState.Queued);

    /// <summary>
    /// Completes the query with the model's output, copied from the response frame. The caller (a replica's read loop)
    /// must hold no reference to the query any more: once the request has written the answer, the query is reused.
    /// </summary>
    public bool TryCompleteWithOutput(in ReadOnlySequence<byte> utf8)
    {
        if (!TryEnterCompletion(anyGeneration: true, 0))
        {
            return false;
        }

        var length = checked((int)utf8.Length);
        _outputBuffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        utf8.CopyTo(_outputBuffer);
        _outputLength = length;
        _recyclable = true;
        Observer?.Completed(this);
        _core.SetResult(true);
        return true;
    }

    /// <summary>
    /// Completes the query with <see cref="DefaultReason.ObjectiveMissed"/> if it is still the use of it scheduled at
    /// <paramref name="generation"/> and not completed: the deadline timer's completion.
    /// </summary>
    public bool TryExpire(int generation)
    {
        if (!TryEnterCompletion(anyGeneration: false, generation))
        {
            return false;
        }

        DefaultReason = DefaultReason.ObjectiveMissed;
        Observer?.Completed(this);
        _core.SetResult(true);
        return true;
    }

    /// <summary>
    /// Completes the query with an output it shares and never returns to a pool: a prediction cache's entry, or the
    /// answer of the identical query it waited on. The memory must stay unchanged for as long as anyone holds it.
    /// </summary>
    public bool TryCompleteWithShared(byte[] output, int offset, int length)
    {
        if (!TryEnterCompletion(anyGeneration: true, 0))
        {
            return false;
        }

        _outputBuffer = output;
        _outputOffset = offset;
        _outputLength = length;
        _outputShared = true;
        _core.SetResult(true);
        return true;
    }

    /// <summary>Completes the query with the application's default output for the given reason.</summary>
    public bool TryCompleteWithDefault(DefaultReason reason, string? modelError = null)
    {
        if (!TryEnterCompletion(anyGeneration: true, 0))
        {
            return false;
        }

        DefaultReason = reason;
        ModelError = modelError;
        Observer?.Completed(this);
        _core.SetResult(true);
        return true;
    }

    /// <summary>
    /// Returns the output buffer to its pool, and the query to its own when it came from <see cref="Rent"/> and the
    /// model answered it. Call once, after the answer has been written; the query must not be used afterwards.
    /// </summary>
    public void Release()
    {
        // A query answered before any batch took it (by its deadline, say) ends its wait here.
        if (QueueWait is { IsStopped: false } wait)
        {
            var current = Activity.Current;
            wait.Stop();
            Activity.Current = current;
        }

        var buffer = _outputBuffer;
        _outputBuffer = null;
        if (buffer is not null && !_outputShared)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_pooled && _recyclable)
        {
            Recycle();
            s_pool.Return(this);
        }
    }

    // Only the deadline timer may still hold the query (see the remarks): the new generation turns its entry stale.
    private void Recycle()
    {
        _core.Reset();
        Input = default;
        DefaultOutputUtf8 = [];
        QueueWait = null;
        Observer = null;
        DefaultReason = DefaultReason.None;
        ModelError = null;
        _outputOffset = 0;
        _outputLength = 0;
        _outputShared = false;
        _recyclable = false;
        var generation = (Volatile.Read(ref _state) >> StateBits) + 1;
        Volatile.Write(ref _state, (generation & (int.MaxValue >> StateBits)) << StateBits | (int)QueryState.Queued);
    }

    private bool TryMove(QueryState from, QueryState to)
    {
        var state = Volatile.Read(ref _state);
        return (state & StateMask) == (int)from
            && Interlocked.CompareExchange(ref _state, (state & ~StateMask) | (int)to, state) == state;
    }

    private bool TryEnterCompletion(bool anyGeneration, int generation)
    {
        var spinner = new SpinWait();
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & StateMask) == (int)QueryState.Completed || (!anyGeneration && state >> StateBits != generation))
            {
                return false;
            }

            // A replica is copying the input into a frame: wait for the copy (a memcpy) to end so the
            // request's buffer is not released under it.
            if ((state & StateMask) == (int)QueryState.Copying)
            {
                spinner.SpinOnce();
                continue;
            }

            if (Interlocked.CompareExchange(ref _state, (state & ~StateMask) | (int)QueryState.Completed, state) == state)
            {
                return true;
            }
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
