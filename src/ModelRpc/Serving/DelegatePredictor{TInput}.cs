namespace Clipper.ModelRpc.Serving;

/// <summary>Adapts a predict function to <see cref="IPredictor{TInput}"/>.</summary>
internal sealed class DelegatePredictor<TInput>(Func<IReadOnlyList<TInput>, CancellationToken, ValueTask<IReadOnlyList<string>>> predict)
    : IPredictor<TInput>
{
    public ValueTask<IReadOnlyList<string>> PredictAsync(IReadOnlyList<TInput> inputs, CancellationToken cancellationToken) =>
        predict(inputs, cancellationToken);
}
