using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.ModelRpc.Onnx;

/// <summary>How <see cref="OnnxModel.Load"/> sets up ONNX Runtime.</summary>
public sealed class OnnxModelOptions
{
    /// <summary>
    /// Run on the CUDA execution provider (GPU 0) when this ONNX Runtime build has it and it starts; else on the CPU.
    /// Default true. The CPU package (<c>Microsoft.ML.OnnxRuntime</c>) has no CUDA provider, so it always runs on the CPU.
    /// </summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>Threads one run may use; 0 (the default) lets ONNX Runtime use one per physical core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Let ONNX Runtime's threads spin between runs, for the lowest latency when the model has its cores to itself.
    /// Default false: a container shares its cores with the query frontend (and here with the other replicas), and
    /// spinning threads take CPU time from them.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Where the model logs which execution provider it runs on and its signature; default none.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
