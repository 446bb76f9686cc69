using Clipper.ModelRpc.Protocol;
using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// Serves a predict function to Clipper query frontends: connects to the configured frontend,
/// learns the live frontends from it and connects to each (or to its share of them), answers
/// batches and heartbeats, and reconnects with backoff whenever a frontend is away, until
/// cancelled, drained or disposed. Predict calls never run on the network loops, and never more
/// than <see cref="ModelContainerOptions.Concurrency"/> batches at once across all frontends.
/// </summary>
/// <typeparam name="TInput">
/// The input type the predict function takes: <c>int[]</c> (integers), <c>float[]</c> (floats),
/// <c>double[]</c> (doubles), <c>byte[]</c> (bytes) or <c>string</c> (strings).
/// </typeparam>
public sealed partial class ModelContainer<TInput> : IAsyncDisposable
{
    private const string LoggerCategory = "Clipper.ModelRpc.Serving.ModelContainer";

    private readonly CancellationTokenSource _drainRequested = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReconnectBackoff _backoff;
    private readonly Security.TlsTrust? _tls;
    private int _started;

    /// <summary>Creates a container; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="options">The settings; copied and validated here.</param>
    /// <param name="predictor">The model.</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TInput"/> does not match <see cref="ModelContainerOptions.InputType"/>.</exception>
    public ModelContainer(ModelContainerOptions options, IPredictor<TInput> predictor)
        : this(options, predictor ?? throw new ArgumentNullException(nameof(predictor)), null)
    {
    }

    /// <summary>Creates a container serving a model that can fail single inputs; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="options">The settings; copied and validated here.</param>
    /// <param name="predictor">The model: one output or error per input.</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TInput"/> does not match <see cref="ModelContainerOptions.InputType"/>.</exception>
    public ModelContainer(ModelContainerOptions options, IResultPredictor<TInput> predictor)
        : this(options, null, predictor ?? throw new ArgumentNullException(nameof(predictor)))
    {
    }

    /// <summary>Exactly one of the predictors is given.</summary>
    private ModelContainer(ModelContainerOptions options, IPredictor<TInput>? predictor, IResultPredictor<TInput>? resultPredictor)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        Options.Validate();
        _tls = Options.LoadTlsTrust();
        Decoder = InputDecoder.Create<TInput>(Options.InputType);
        Predictor = predictor;
        ResultPredictor = resultPredictor;
        Logger = Options.LoggerFactory.CreateLogger(LoggerCategory);
        _backoff = new ReconnectBackoff(Options.ReconnectInitialDelay, Options.ReconnectMaxDelay, Options.Random);
        Capacity = new CapacityScheduler(Options.Concurrency, Options.TimeProvider);
        _readyFile = new ReadinessFile(Options.ReadyFilePath, Logger);
        _whenReady = NewReadySource();
    }

    /// <summary>Creates a container serving a predict function; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="options">The settings; copied and validated here.</param>
    /// <param name="predict">The predict function: one output per input, in order.</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TInput"/> does not match <see cref="ModelContainerOptions.InputType"/>.</exception>
    public ModelContainer(ModelContainerOptions options, Func<IReadOnlyList<TInput>, CancellationToken, ValueTask<IReadOnlyList<string>>> predict)
        : this(options, new DelegatePredictor<TInput>(predict ?? throw new ArgumentNullException(nameof(predict))))
    {
    }

    internal ModelContainerOptions Options { get; }

    /// <summary>The model when it answers every input with an output; null when <see cref="ResultPredictor"/> is.</summary>
    internal IPredictor<TInput>? Predictor { get; }

    /// <summary>The model when it can fail single inputs; null when <see cref="Predictor"/> is.</summary>
    internal IResultPredictor<TInput>? ResultPredictor { get; }

    internal InputDecoder<TInput> Decoder { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (stop at once), a drain
    /// finishes (<see cref="DrainAsync"/>), or the container is disposed. Completes normally in
    /// each case. Call it once.
    /// </summary>
    /// <param name="cancellationToken">Stops serving at once, abandoning batches in flight (the frontend re-queues them).</param>
    /// <returns>A task that completes when the container has stopped.</returns>
    /// <exception cref="InvalidOperationException">RunAsync was already called.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw ServingErrors.AlreadyStarted();
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        using var stoppingOrDraining = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, _drainRequested.Token);
        try
        {
            // A file left by a previous process in this container must not claim readiness.
            _readyFile.Delete();
            await ServeAsync(stopping.Token, stoppingOrDraining.Token).ConfigureAwait(false);
        }
        finally
        {
            StopReadiness();
            Log.Stopped(Logger);
            _stopped.TrySetResult();
        }
    }

    private async Task<bool> DelayBeforeReconnectAsync(ReconnectBackoff backoff, CancellationToken stoppingOrDraining)
    {
        TimeSpan delay = backoff.NextDelay();
        Log.ReconnectScheduled(Logger, (long)delay.TotalMilliseconds);
        try
        {
            await Task.Delay(delay, Options.TimeProvider, stoppingOrDraining).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
