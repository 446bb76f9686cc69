namespace Clipper.QueryFrontend.Selection;

/// <summary>How a shadow model's answer compared with the answer returned for the same input.</summary>
internal enum ShadowResult
{
    /// <summary>Both answered, and the answers agree (<see cref="AnswerComparison"/>).</summary>
    Agreed,

    /// <summary>Both answered, differently.</summary>
    Disagreed,

    /// <summary>The shadow, or the answer returned, was a default: nothing to compare.</summary>
    Missed,
}
