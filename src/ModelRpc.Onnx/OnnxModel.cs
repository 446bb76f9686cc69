using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// An ONNX model loaded into ONNX Runtime, with the mapping of Clipper's queries to its input tensor
/// (<see cref="InputMapping"/>) and of its outputs to each query's JSON output (<see cref="OutputMapping"/>).
/// Serve it with <see cref="RunContainerAsync"/>, or predict with <see cref="CreatePredictor{TInput}"/>.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly SessionOptions _sessionOptions;

    private OnnxModel(string path, InferenceSession session, SessionOptions sessionOptions, string provider, OnnxSignature signature, InputMapping input, OutputMapping output)
    {
        Path = path;
        Session = session;
        _sessionOptions = sessionOptions;
        ExecutionProvider = provider;
        Signature = signature;
        Input = input;
        Output = output;
        RunOptions = new RunOptions();
    }

    /// <summary>The model file's full path.</summary>
    public string Path { get; }

    /// <summary>The model's inputs and outputs.</summary>
    public OnnxSignature Signature { get; }

    /// <summary>How queries feed the input tensor.</summary>
    public InputMapping Input { get; }

    /// <summary>How the outputs become each query's output.</summary>
    public OutputMapping Output { get; }

    /// <summary>Where ONNX Runtime runs the model: <c>CUDA</c> or <c>CPU</c>.</summary>
    public string ExecutionProvider { get; }

    internal InferenceSession Session { get; }

    internal RunOptions RunOptions { get; }

    /// <summary>
    /// Loads a model and maps its inputs and outputs. Fails when ONNX Runtime cannot load the file (with its message),
    /// or when the model's input or outputs cannot be mapped (with the signature found).
    /// </summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="options">The execution provider and logging; null for the defaults.</param>
    /// <returns>The loaded model; dispose it to free ONNX Runtime's session.</returns>
    /// <exception cref="OnnxModelException">The file is missing, is not a model, or cannot be mapped.</exception>
    public static OnnxModel Load(string path, OnnxModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new OnnxModelOptions();
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw OnnxErrors.FileMissing(path);
        }

        var sessionOptions = new SessionOptions { IntraOpNumThreads = options.IntraOpThreads };
        InferenceSession? session = null;
        try
        {
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            string provider = ExecutionProviders.Configure(sessionOptions, options.PreferCuda, out string reason);
            try
            {
                session = new InferenceSession(full, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw OnnxErrors.NotAModel(path, ex);
            }

            var signature = OnnxSignature.From(session);
            if (!InputMapping.TryCreate(signature, out InputMapping? input, out string? error)
                || !OutputMapping.TryCreate(signature, out OutputMapping? output, out error))
            {
                throw OnnxErrors.Unmappable(path, error!, signature);
            }

            ILogger logger = options.LoggerFactory.CreateLogger("Clipper.ModelRpc.Onnx.OnnxModel");
            Log.Loaded(logger, full, provider, reason, signature);
            Log.Mapping(logger, input!.RowLength, input.Tensor.ToString(), input.FixedBatchSize > 0 ? $"fixed at {input.FixedBatchSize}" : "dynamic", output!.Kind);
            return new OnnxModel(full, session, sessionOptions, provider, signature, input, output);
        }
        catch
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A predictor of this model for inputs of <typeparamref name="TInput"/>: <c>float[]</c> or <c>double[]</c> for a
    /// float or double tensor, <c>int[]</c> for an int32 or int64 one. Each input is one row; a row of the wrong
    /// length is answered with an error naming the expected and received lengths, the rest of its batch as usual.
    /// </summary>
    /// <typeparam name="TInput">The app's input type.</typeparam>
    /// <returns>The predictor; it uses this model, so dispose the model after the predictor's last call.</returns>
    /// <exception cref="OnnxModelException"><typeparamref name="TInput"/> cannot feed the input tensor.</exception>
    public IResultPredictor<TInput> CreatePredictor<TInput>()
    {
        Type type = typeof(TInput);
        object? predictor = Input.ElementType switch
        {
            TensorElementType.Float when type == typeof(float[]) => new OnnxPredictor<float, float>(this),
            TensorElementType.Float when type == typeof(double[]) => new OnnxPredictor<double, float>(this),
            TensorElementType.Double when type == typeof(double[]) => new OnnxPredictor<double, double>(this),
            TensorElementType.Double when type == typeof(float[]) => new OnnxPredictor<float, double>(this),
            TensorElementType.Int32 when type == typeof(int[]) => new OnnxPredictor<int, int>(this),
            TensorElementType.Int64 when type == typeof(int[]) => new OnnxPredictor<int, long>(this),
            _ => null,
        };
        return predictor as IResultPredictor<TInput> ?? throw OnnxErrors.InputTypeNotAccepted(type.Name, Input);
    }

    /// <summary>
    /// Serves this model as a Clipper model container with <paramref name="options"/> (its input type chooses the
    /// predictor: doubles, floats or integers), until SIGTERM or SIGINT drains it or <paramref name="cancellationToken"/>
    /// stops it.
    /// </summary>
    /// <param name="options">The container's settings, typically <see cref="ModelContainerOptions.FromEnvironment"/>.</param>
    /// <param name="cancellationToken">Stops at once, without draining.</param>
    /// <returns>A task that completes when the container has stopped.</returns>
    /// <exception cref="OnnxModelException">The options' input type cannot feed the input tensor.</exception>
    public Task RunContainerAsync(ModelContainerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.InputType switch
        {
            InputType.Floats => ModelContainer.RunAsync(options, CreatePredictor<float[]>(), cancellationToken),
            InputType.Doubles => ModelContainer.RunAsync(options, CreatePredictor<double[]>(), cancellationToken),
            InputType.Integers => ModelContainer.RunAsync(options, CreatePredictor<int[]>(), cancellationToken),
            _ => throw OnnxErrors.InputTypeNotAccepted(options.InputType.ToName(), Input),
        };
    }

    /// <summary>Frees ONNX Runtime's session.</summary>
    public void Dispose()
    {
        RunOptions.Dispose();
        Session.Dispose();
        _sessionOptions.Dispose();
    }
}
