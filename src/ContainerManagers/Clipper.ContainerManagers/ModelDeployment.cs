using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers;

/// <summary>A model version to run: what to run, how many replicas, and the environment every replica gets.</summary>
public sealed record ModelDeployment
{
    /// <summary>The model version.</summary>
    public required ModelVersionId Model { get; init; }

    /// <summary>The model's input type as the frontend names it (<c>doubles</c>, <c>strings</c>...).</summary>
    public required string InputType { get; init; }

    /// <summary>What each replica runs.</summary>
    public required ModelArtifact Artifact { get; init; }

    /// <summary>How many replicas to keep running.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// GPUs each replica gets (0 for none): Docker device requests, the Kubernetes <c>nvidia.com/gpu</c> limit, or, for
    /// local processes, devices of this machine named in <c>CUDA_VISIBLE_DEVICES</c>.
    /// </summary>
    public int Gpus { get; init; }

    /// <summary>Extra environment variables for every replica (the <c>CLIPPER_*</c> ones are set by the manager).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
