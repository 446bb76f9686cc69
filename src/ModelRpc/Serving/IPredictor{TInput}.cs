namespace Clipper.ModelRpc.Serving;

/// <summary>A model: turns a batch of inputs into one output string per input, in order.</summary>
/// <typeparam name="TInput">
/// The input type: <c>int[]</c>, <c>float[]</c>, <c>double[]</c>, <c>byte[]</c> or <c>string</c>,
/// matching <see cref="ModelContainerOptions.InputType"/>.
/// </typeparam>
public interface IPredictor<TInput>
{
    /// <summary>
    /// Predicts a batch. Called for one batch at a time, never concurrently, and never on the
    /// connection's read loop. An exception or a wrong number of outputs answers every input of
    /// the batch with an error; the container keeps serving.
    /// </summary>
    /// <param name="inputs">The batch's inputs; the container does not reuse them afterwards.</param>
    /// <param name="cancellationToken">Cancelled when the connection is lost or a drain times out: the result could not be delivered.</param>
    /// <returns>
    /// Exactly one output per input; outputs that parse as JSON reach the client as JSON. The list is
    /// written to the network after the call returns, so it must not change afterwards.
    /// </returns>
    ValueTask<IReadOnlyList<string>> PredictAsync(IReadOnlyList<TInput> inputs, CancellationToken cancellationToken);
}
