namespace Clipper.QueryFrontend.Selection;

/// <summary>The answer <see cref="AnswerCombiner"/> made of several models' outputs.</summary>
internal readonly struct CombinedAnswer
{
    /// <summary>Creates an answer.</summary>
    /// <param name="output">The combined output, or null when no output arrived.</param>
    /// <param name="isMean">Whether <paramref name="output"/> is the weighted mean of numeric outputs rather than the vote's winner.</param>
    /// <param name="usedCount">How many outputs made it.</param>
    public CombinedAnswer(byte[]? output, bool isMean, int usedCount)
    {
        Output = output;
        IsMean = isMean;
        UsedCount = usedCount;
    }

    /// <summary>
    /// The combined output as UTF-8, a new array (so it outlives the outputs' buffers): the weighted mean as a JSON
    /// number, or a copy of the winning output. Null when no output arrived.
    /// </summary>
    public byte[]? Output { get; }

    /// <summary>Whether <see cref="Output"/> is the weighted mean of numeric outputs rather than the vote's winner.</summary>
    public bool IsMean { get; }

    /// <summary>How many outputs made the answer: every arrived output for a mean, the winner's voters for a vote.</summary>
    public int UsedCount { get; }

    /// <summary>Whether any output arrived, so that there is an answer.</summary>
    public bool HasOutput => Output is not null;
}
