using System.Diagnostics;

namespace Clipper.ModelRpc.Protocol;

/// <summary>A BatchRequest as the container sees it, produced by <see cref="BatchRequestDecoder"/>.</summary>
/// <typeparam name="TInput">The predict function's input type.</typeparam>
public readonly struct DecodedBatch<TInput>
{
    internal DecodedBatch(ulong batchId, int count, TInput[] inputs, string? error, ActivityContext traceContext)
    {
        TraceContext = traceContext;
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

    /// <summary>
    /// The frontend's batch span (version 3's trace context), which the container's predict span continues; the default
    /// when the frame carried none, or a str that is not a valid traceparent.
    /// </summary>
    public ActivityContext TraceContext { get; }

    /// <summary>Why the batch was rejected or malformed; <see langword="null"/> when decoded.</summary>
    public string? Error { get; }
}
