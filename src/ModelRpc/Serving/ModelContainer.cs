using System.Runtime.InteropServices;

namespace Clipper.ModelRpc.Serving;

/// <summary>The one-call way to run a model container from <c>Main</c>.</summary>
public static class ModelContainer
{
    /// <summary>
    /// Runs a container until SIGTERM or SIGINT, which drain it gracefully (a second signal stops
    /// it at once), or until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <typeparam name="TInput">The predict function's input type; see <see cref="ModelContainer{TInput}"/>.</typeparam>
    /// <param name="options">The settings, typically <see cref="ModelContainerOptions.FromEnvironment"/>.</param>
    /// <param name="predict">The predict function: one output per input, in order.</param>
    /// <param name="cancellationToken">Stops at once, without draining.</param>
    /// <returns>A task that completes when the container has stopped.</returns>
    public static Task RunAsync<TInput>(
        ModelContainerOptions options,
        Func<IReadOnlyList<TInput>, CancellationToken, ValueTask<IReadOnlyList<string>>> predict,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predict);
        return RunAsync(options, new DelegatePredictor<TInput>(predict), cancellationToken);
    }

    /// <summary>
    /// Runs a container until SIGTERM or SIGINT, which drain it gracefully (a second signal stops
    /// it at once), or until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <typeparam name="TInput">The predictor's input type; see <see cref="ModelContainer{TInput}"/>.</typeparam>
    /// <param name="options">The settings, typically <see cref="ModelContainerOptions.FromEnvironment"/>.</param>
    /// <param name="predictor">The model.</param>
    /// <param name="cancellationToken">Stops at once, without draining.</param>
    /// <returns>A task that completes when the container has stopped.</returns>
    public static Task RunAsync<TInput>(ModelContainerOptions options, IPredictor<TInput> predictor, CancellationToken cancellationToken = default) =>
        RunAsync(new ModelContainer<TInput>(options, predictor), cancellationToken);

    /// <summary>
    /// Runs a container serving a model that can fail single inputs until SIGTERM or SIGINT, which drain it
    /// gracefully (a second signal stops it at once), or until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <typeparam name="TInput">The predictor's input type; see <see cref="ModelContainer{TInput}"/>.</typeparam>
    /// <param name="options">The settings, typically <see cref="ModelContainerOptions.FromEnvironment"/>.</param>
    /// <param name="predictor">The model: one output or error per input.</param>
    /// <param name="cancellationToken">Stops at once, without draining.</param>
    /// <returns>A task that completes when the container has stopped.</returns>
    public static Task RunAsync<TInput>(ModelContainerOptions options, IResultPredictor<TInput> predictor, CancellationToken cancellationToken = default) =>
        RunAsync(new ModelContainer<TInput>(options, predictor), cancellationToken);

    private static async Task RunAsync<TInput>(ModelContainer<TInput> container, CancellationToken cancellationToken)
    {
        await using (container.ConfigureAwait(false))
        {
            using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var signals = new SignalHandler<TInput>(container, hardStop);
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signals.Handle);
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signals.Handle);
            await container.RunAsync(hardStop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>First signal drains; a second one stops at once, for an operator who cannot wait.</summary>
    private sealed class SignalHandler<TInput>(ModelContainer<TInput> container, CancellationTokenSource hardStop)
    {
        private int _received;

        public void Handle(PosixSignalContext context)
        {
            // Cancelling the default action keeps the process alive until the drain finishes.
            context.Cancel = true;
            if (Interlocked.Increment(ref _received) == 1)
            {
                _ = container.DrainAsync();
            }
            else
            {
                hardStop.Cancel();
            }
        }
    }
}
