using Clipper.ContainerManagers;
using Clipper.ModelRpc.Onnx;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    /// <summary>The name of the model file in an ONNX model's artifact folder.</summary>
    public const string OnnxModelFileName = "model.onnx";

    /// <summary>
    /// Checks an ONNX model in this process (ONNX Runtime loads it and its input and outputs are mapped), then copies it
    /// into a versioned folder under <see cref="ClipperConnectionOptions.ArtifactRoot"/> as <see cref="OnnxModelFileName"/>
    /// and makes it what the manager runs: for local processes <c>clipper onnx-model --model model.onnx</c> in that folder;
    /// for Docker and Kubernetes the image <c>[REGISTRY/]CLUSTER-NAME:VERSION</c> of the command line, ONNX Runtime's
    /// libraries and the model file, pushed to the cluster's registry when it has one.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version.</param>
    /// <param name="modelFile">The <c>.onnx</c> file.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>What a replica runs.</returns>
    /// <exception cref="ClipperException">The file is not a model ONNX Runtime loads, or its input or outputs cannot be mapped: ONNX Runtime's message and the signature found.</exception>
    public async Task<ModelArtifact> BuildOnnxModelAsync(string name, string version, string modelFile, CancellationToken cancellationToken = default)
    {
        RequireFolderName(name, "model name");
        RequireFolderName(version, "model version");
        CheckOnnxModel(modelFile, null);
        return await CopyOnnxModelAsync(name, version, modelFile, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves an ONNX model: checks it in this process (a file ONNX Runtime cannot load, or whose input or outputs cannot
    /// be mapped, fails here at once with ONNX Runtime's message and the signature found), builds it
    /// (<see cref="BuildOnnxModelAsync"/>), then deploys it (<see cref="DeployModelAsync"/>) and waits until its replicas serve.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version.</param>
    /// <param name="modelFile">The <c>.onnx</c> file.</param>
    /// <param name="replicas">Replicas to run.</param>
    /// <param name="inputType">The model version's input type; null for the one the input tensor's element type implies (floats for float, doubles for double, integers for int32 and int64).</param>
    /// <param name="batchSize">A fixed batch size, or -1 for adaptive batching.</param>
    /// <param name="labels">The model version's labels.</param>
    /// <param name="gpus">GPUs per replica (ONNX Runtime uses CUDA when it finds it); 0 for none.</param>
    /// <param name="cacheBytes">The bound of each frontend's prediction cache for the version (0: none); null for the default, 32 MiB.</param>
    /// <param name="cancellationToken">Cancels the build and the wait.</param>
    /// <returns>What the replicas run.</returns>
    /// <exception cref="ClipperException">The model cannot be served, the input type cannot feed its input tensor, or the replicas did not start.</exception>
    public async Task<ModelArtifact> DeployOnnxModelAsync(
        string name,
        string version,
        string modelFile,
        int replicas = 1,
        string? inputType = null,
        int batchSize = -1,
        IReadOnlyList<string>? labels = null,
        int gpus = 0,
        long? cacheBytes = null,
        CancellationToken cancellationToken = default)
    {
        RequireFolderName(name, "model name");
        RequireFolderName(version, "model version");
        var resolved = CheckOnnxModel(modelFile, inputType);
        var artifact = await CopyOnnxModelAsync(name, version, modelFile, cancellationToken).ConfigureAwait(false);
        await DeployModelAsync(name, version, resolved, artifact, replicas, batchSize, labels, gpus, cacheBytes, cancellationToken).ConfigureAwait(false);
        return artifact;
    }

    /// <summary>Loads the model as the container will (on the CPU) and returns the input type to deploy it with.</summary>
    private string CheckOnnxModel(string modelFile, string? inputType)
    {
        try
        {
            using var model = OnnxModel.Load(modelFile, new OnnxModelOptions { PreferCuda = false });
            _options.Progress?.Report($"checked {modelFile}: {model.Signature}");
            if (inputType is null)
            {
                return model.Input.DefaultInputType.ToName();
            }

            if (!InputTypes.TryParse(inputType, out var parsed))
            {
                throw new ClipperException($"Input type '{inputType}' is unknown; expected one of {InputTypes.AcceptedNames}.");
            }

            return model.Input.Accepts(parsed)
                ? parsed.ToName()
                : throw new ClipperException($"Input type {parsed.ToName()} cannot feed the input {model.Input.Tensor} of ONNX model '{modelFile}'; expected {model.Input.AcceptedInputTypes}.");
        }
        catch (OnnxModelException ex)
        {
            throw new ClipperException(ex.Message, ex);
        }
    }

    private async Task<ModelArtifact> CopyOnnxModelAsync(string name, string version, string modelFile, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetFullPath(_options.ArtifactRoot), name, version);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        File.Copy(modelFile, Path.Combine(output, OnnxModelFileName));
        var built = ModelArtifact.OfClipperWithData(output, "onnx-model", "--model", OnnxModelFileName);
        return await ManagerCallAsync(() => Manager.PrepareModelAsync(new ModelVersionId(name, version), built, cancellationToken)).ConfigureAwait(false);
    }
}
