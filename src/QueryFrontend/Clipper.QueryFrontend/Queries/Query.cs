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
/// The input bytes belong to the HTTP request's buffer, which is returned to its pool once every
/// query of the request has completed. A replica copies those bytes into a frame while holding
/// the query in the <see cref="QueryState.Copying"/> state; completion waits for the copy to
/// end, so the buffer can never be recycled under the copy.
/// </remarks>
internal sealed class Query : IQueueItem, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;
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

    /// <summary>
    /// The query's <c>queue wait</c> span when the request is traced, else null. Set before the query is queued; its
    /// trace id and parent (the request's span) place the batch that takes the query in the request's trace.
    /// </summary>
    public Activity? QueueWait { get; set; }

    /// <summary>The id returned to the client as <c>query_id</c>.</summary>
    public long QueryId { get; }

    /// <summary>
    /// Told of the query's completion before its request resumes, or null (most queries). Set before the query is
    /// queued; a prediction cache sets it on the query that evaluates an input for the identical ones waiting.
    /// </summary>
    public IQueryObserver? Observer { get; set; }

    /// <summary>The input in wire form.</summary>
    public ReadOnlyMemory<byte> Input { get; }

    /// <inheritdoc />
    public long Deadline { get; }

    /// <summary>When the query was queued (a <see cref="TimeProvider"/> timestamp): its queue wait ends when a batch takes it.</summary>
    public long EnqueuedAt { get; init; }

    /// <summary>The application's default output, UTF-8: the answer when the model cannot give one.</summary>
    /// <remarks>An array, not a memory slice: one reference per query, and queries are the hot path's one allocation.</remarks>
    public byte[] DefaultOutputUtf8 { get; }

    /// <inheritdoc />
    public bool IsCompleted => Volatile.Read(ref _state) == (int)QueryState.Completed;

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
    public bool TryBeginCopy() =>
        Interlocked.CompareExchange(ref _state, (int)QueryState.Copying, (int)QueryState.Queued) == (int)QueryState.Queued;

    /// <summary>Ends the copy started by <see cref="TryBeginCopy"/>: the query is now in flight.</summary>
    public void EndCopy() => Volatile.Write(ref _state, (int)QueryState.InFlight);

    /// <summary>Takes an in-flight query back for re-queueing after its replica was lost.</summary>
    public bool TryReturnToQueue() =>
        Interlocked.CompareExchange(ref _state, (int)QueryState.Queued, (int)QueryState.InFlight) == (int)QueryState.InFlight;

    /// <summary>Completes the query with the model's output, copied from the response frame.</summary>
    public bool TryCompleteWithOutput(in ReadOnlySequence<byte> utf8)
    {
        if (!TryEnterCompletion())
        {
            return false;
        }

        var length = checked((int)utf8.Length);
        _outputBuffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        utf8.CopyTo(_outputBuffer);
        _outputLength = length;
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
        if (!TryEnterCompletion())
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
        if (!TryEnterCompletion())
        {
            return false;
        }

        DefaultReason = reason;
        ModelError = modelError;
        Observer?.Completed(this);
        _core.SetResult(true);
        return true;
    }

    /// <summary>Returns the output buffer to its pool. Call once, after the answer has been written.</summary>
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
    }

    private bool TryEnterCompletion()
    {
        var spinner = new SpinWait();
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == (int)QueryState.Completed)
            {
                return false;
            }

            // A replica is copying the input into a frame: wait for the copy (a memcpy) to end so the
            // request's buffer is not released under it.
            if (state == (int)QueryState.Copying)
            {
                spinner.SpinOnce();
                continue;
            }

            if (Interlocked.CompareExchange(ref _state, (int)QueryState.Completed, state) == state)
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
