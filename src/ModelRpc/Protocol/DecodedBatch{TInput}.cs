namespace Clipper.ModelRpc.Protocol;

/// <summary>A BatchRequest as the container sees it, produced by <see cref="BatchRequestDecoder.Decode{TInput}"/>.</summary>
/// <typeparam name="TInput">The predict function's input type.</typeparam>
public readonly struct DecodedBatch<TInput>
{
    internal DecodedBatch(ulong batchId, int count, TInput[] inputs, string? error)
    {
        BatchId = batchId;
        Count = count;
        Inputs = inputs;
        Error = error;
    }

    /// <summary>The batch id to repeat in the response (valid unless the batch is malformed).</summary>
    public ulong BatchId { get; }

    /// <summary>How many inputs the request holds, and so how many results the response must hold.</summary>
    public int Count { get; }

    /// <summary>The decoded inputs, in order, when decoded; empty otherwise.</summary>
    public TInput[] Inputs { get; }

    /// <summary>Why the batch was rejected or malformed; <see langword="null"/> when decoded.</summary>
    public string? Error { get; }
}
