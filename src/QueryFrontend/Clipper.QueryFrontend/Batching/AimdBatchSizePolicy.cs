namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// Adaptive batch size (Clipper's <c>batch_size</c> of -1): additive increase while batches at
/// the current size finish within the latency objective, multiplicative decrease when one does not.
/// </summary>
/// <remarks>
/// Replicas report concurrently; the size is one int updated by compare-and-swap, so a report is
/// applied to the size it was judged against. Only a batch at least as large as the current size
/// can grow it: a smaller batch that finished in time says nothing about whether the current size
/// fits. Any late batch shrinks the size, whatever its own size.
/// </remarks>
internal sealed class AimdBatchSizePolicy : IBatchSizePolicy
{
    private readonly int _minSize;
    private readonly int _maxSize;
    private readonly int _increaseStep;
    private readonly double _decreaseFactor;
    private int _size;
    private long _latencyObjectiveTicks;

    /// <summary>Creates the policy.</summary>
    /// <param name="latencyObjective">The batch latency that must not be exceeded; positive.</param>
    /// <param name="options">The options; defaults when null. Validated here.</param>
    public AimdBatchSizePolicy(TimeSpan latencyObjective, AimdBatchSizeOptions? options = null)
    {
        options ??= new AimdBatchSizeOptions();
        options.Validate();
        _minSize = options.MinSize;
        _maxSize = options.MaxSize;
        _increaseStep = options.IncreaseStep;
        _decreaseFactor = options.DecreaseFactor;
        _size = options.InitialSize;
        LatencyObjective = latencyObjective;
    }

    /// <inheritdoc />
    public int MaxBatchSize => Volatile.Read(ref _size);

    /// <summary>
    /// The batch latency that must not be exceeded. Can be changed while batches are in flight,
    /// because an application's latency objective can be updated live.
    /// </summary>
    public TimeSpan LatencyObjective
    {
        get => new(Volatile.Read(ref _latencyObjectiveTicks));
        set
        {
            if (value <= TimeSpan.Zero)
            {
                throw OptionErrors.OutOfRange(nameof(LatencyObjective), value, "a positive duration");
            }

            Volatile.Write(ref _latencyObjectiveTicks, value.Ticks);
        }
    }

    /// <inheritdoc />
    public void OnBatchCompleted(int batchSize, TimeSpan latency)
    {
        if (batchSize < 1)
        {
            return;
        }

        if (latency.Ticks > Volatile.Read(ref _latencyObjectiveTicks))
        {
            Decrease();
        }
        else
        {
            Increase(batchSize);
        }
    }

    private void Increase(int batchSize)
    {
        int size = Volatile.Read(ref _size);

        // Re-checked after a lost race: if another report grew the size past this batch, this
        // batch no longer proves anything.
        while (batchSize >= size && size < _maxSize)
        {
            int grown = (int)Math.Min((long)size + _increaseStep, _maxSize);
            int seen = Interlocked.CompareExchange(ref _size, grown, size);
            if (seen == size)
            {
                return;
            }

            size = seen;
        }
    }

    private void Decrease()
    {
        int size = Volatile.Read(ref _size);
        while (true)
        {
            // The cast rounds down (sizes are positive); the factor is below 1, so this always
            // shrinks until the minimum.
            int shrunk = Math.Max(_minSize, (int)(size * _decreaseFactor));
            if (shrunk >= size)
            {
                return;
            }

            int seen = Interlocked.CompareExchange(ref _size, shrunk, size);
            if (seen == size)
            {
                return;
            }

            size = seen;
        }
    }
}
