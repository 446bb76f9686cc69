namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Why a prediction request was rejected, in the shape of Clipper's 400 body:
/// <c>{"error": Error, "cause": Cause}</c>.
/// </summary>
/// <param name="Error">
/// <see cref="JsonError"/> when the body is not valid JSON, <see cref="QueryProcessingError"/> when it is
/// valid JSON of the wrong shape. These are the two values Clipper's clients match on.
/// </param>
/// <param name="Cause">What was wrong, where (for example <c>"input_batch[3][2]"</c>), and the expected schema.</param>
internal readonly record struct RequestError(string Error, string Cause)
{
    /// <summary>The error for a body that is empty or not valid JSON.</summary>
    public const string JsonError = "Json error";

    /// <summary>The error for valid JSON that does not match the request schema.</summary>
    public const string QueryProcessingError = "Query processing error";
}
