namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// What a parsed inference request holds beside its rows (which go into a <c>ParsedInputs</c>): offsets into the request
/// body, which the caller keeps until the response is written, so nothing of the body is copied.
/// </summary>
/// <param name="IdStart">Where the raw <c>id</c> string token (quotes included) starts in the body, or -1 when there is none.</param>
/// <param name="IdLength">The raw token's length.</param>
/// <param name="Datatype">The input tensor's datatype.</param>
/// <param name="Rows">The batch dimension: one query per row.</param>
internal readonly record struct OipInferRequest(int IdStart, int IdLength, OipDatatype Datatype, int Rows)
{
    /// <summary>Whether the request carried an <c>id</c>, which the response echoes.</summary>
    public bool HasId => IdStart >= 0;
}
