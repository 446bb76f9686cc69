namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// The AIMD rule as documented, for model-based and linearizability properties: a batch at least as large as the
/// size that finished within the objective adds the step (up to the maximum); any late batch multiplies the size by
/// the factor, rounded down (not below the minimum); an empty report changes nothing.
/// </summary>
internal sealed class AimdModel(AimdBatchSizeOptions options, TimeSpan objective)
{
    public int Size { get; private set; } = options.InitialSize;

    public TimeSpan Objective { get; set; } = objective;

    public void Report(int batchSize, TimeSpan latency)
    {
        if (batchSize < 1)
        {
            return;
        }

        if (latency > Objective)
        {
            Size = Math.Max(options.MinSize, (int)Math.Floor(Size * options.DecreaseFactor));
        }
        else if (batchSize >= Size)
        {
            Size = (int)Math.Min((long)Size + options.IncreaseStep, options.MaxSize);
        }
    }

    public override string ToString() => $"size {Size}, objective {Objective.TotalMilliseconds} ms";
}
