using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// A model that can fail single inputs: turns a batch of inputs into one <see cref="PredictResult"/> per input,
/// in order, each an output or an error of that input alone (a row of the wrong length, say). Beside
/// <see cref="IPredictor{TInput}"/>, which answers every input with an output.
/// </summary>
/// <typeparam name="TInput">
/// The input type: <c>int[]</c>, <c>float[]</c>, <c>double[]</c>, <c>byte[]</c> or <c>string</c>,
/// matching <see cref="ModelContainerOptions.InputType"/>.
/// </typeparam>
public interface IResultPredictor<TInput>
{
    /// <summary>
    /// Predicts a batch. Never called on the connection's read loop; called concurrently only when
    /// <see cref="ModelContainerOptions.Concurrency"/> is above 1. An exception or a wrong number of results
    /// answers every input of the batch with an error; the container keeps serving.
    /// </summary>
    /// <param name="inputs">The batch's inputs; the container does not reuse them afterwards.</param>
    /// <param name="cancellationToken">Cancelled when the connection is lost or a drain times out: the result could not be delivered.</param>
    /// <returns>
    /// Exactly one result per input. The list is written to the network after the call returns, so it must not
    /// change afterwards.
    /// </returns>
    ValueTask<IReadOnlyList<PredictResult>> PredictAsync(IReadOnlyList<TInput> inputs, CancellationToken cancellationToken);
}
