using Microsoft.ML.OnnxRuntime;

namespace Clipper.ModelRpc.Onnx;

/// <summary>Chooses where ONNX Runtime runs a model: CUDA when the build has its provider and it starts, else the CPU.</summary>
internal static class ExecutionProviders
{
    public const string Cuda = "CUDA";
    public const string Cpu = "CPU";
    private const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>Appends CUDA to <paramref name="options"/> when possible; returns the provider chosen and why.</summary>
    public static string Configure(SessionOptions options, bool preferCuda, out string reason)
    {
        string[] available = OrtEnv.Instance().GetAvailableProviders();
        if (!preferCuda)
        {
            reason = "CUDA not wanted (PreferCuda is false)";
            return Cpu;
        }

        if (Array.IndexOf(available, CudaProvider) < 0)
        {
            reason = $"this ONNX Runtime build has no CUDA execution provider (it has {string.Join(", ", available)})";
            return Cpu;
        }

        try
        {
            options.AppendExecutionProvider_CUDA(0);
            reason = "the CUDA execution provider started on GPU 0";
            return Cuda;
        }
        catch (OnnxRuntimeException ex)
        {
            // The GPU build on a machine without a GPU or without CUDA's libraries: the CPU still serves.
            reason = $"the CUDA execution provider did not start: {ex.Message.Trim()}";
            return Cpu;
        }
    }
}
