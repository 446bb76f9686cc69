using System.CommandLine;
using Clipper.Admin.Connection;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper deploy NAME --version V --onnx FILE</c>: an ONNX model served by the built-in container.</summary>
internal static class OnnxDeploy
{
    public static Option<string?> CreateOption() => new("--onnx")
    {
        Description = "An ONNX model file instead, served by the built-in ONNX container (clipper onnx-model): checked here first, "
            + "then run as a process (local) or an image with ONNX Runtime and the file (Docker, Kubernetes).",
    };

    public static async Task<int> RunAsync(ClipperConnection connection, string model, string version, string file, string? inputType, int replicas, int batchSize, int gpus, long? cacheBytes, CancellationToken cancellationToken)
    {
        var artifact = await connection.DeployOnnxModelAsync(model, version, file, replicas, inputType, batchSize, gpus: gpus, cacheBytes: cacheBytes, cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.Out.WriteLine($"deployed {model}:{version} ({(artifact.Image is { } image ? "image " + image : "ONNX model " + file)}) with {replicas} replica(s), all connected");
        return 0;
    }
}
