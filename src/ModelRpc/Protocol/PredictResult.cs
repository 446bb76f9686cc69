namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// One input's result in a BatchResponse: an output, or an error message that answers that input alone
/// (on the wire, <c>[error_message]</c>; the frontend answers the query with its default output and the
/// message as the explanation). The rest of the batch is answered as usual.
/// </summary>
/// <param name="Text">The output (JSON or a plain string), or the error message.</param>
/// <param name="IsError">True when <paramref name="Text"/> is an error message.</param>
public readonly record struct PredictResult(string Text, bool IsError)
{
    /// <summary>An output.</summary>
    /// <param name="output">The output; outputs that parse as JSON reach the client as JSON.</param>
    /// <returns>The result.</returns>
    public static PredictResult Output(string output) => new(output, false);

    /// <summary>A failure of this input alone.</summary>
    /// <param name="message">Why the input failed: what was wrong, the value received and what was expected.</param>
    /// <returns>The result.</returns>
    public static PredictResult Error(string message) => new(message, true);
}
