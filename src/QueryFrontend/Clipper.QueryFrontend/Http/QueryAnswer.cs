namespace Clipper.QueryFrontend.Http;

/// <summary>The answer to one query, as the response writer needs it.</summary>
internal readonly struct QueryAnswer
{
    /// <summary>Creates an answer.</summary>
    /// <param name="queryId">The query's id, echoed as <c>query_id</c>.</param>
    /// <param name="outputUtf8">The model's output, or the application's default output, as UTF-8.</param>
    /// <param name="isDefault">Whether <paramref name="outputUtf8"/> is the application's default output.</param>
    /// <param name="explanation">Why the default was used; a constant such as <see cref="Queries.DefaultExplanations.ObjectiveMissed"/>.</param>
    public QueryAnswer(long queryId, ReadOnlyMemory<byte> outputUtf8, bool isDefault, string? explanation = null)
    {
        QueryId = queryId;
        OutputUtf8 = outputUtf8;
        IsDefault = isDefault;
        Explanation = explanation;
    }

    /// <summary>The query's id, echoed as <c>query_id</c>.</summary>
    public long QueryId { get; }

    /// <summary>The output as UTF-8: embedded as JSON when it is one complete JSON value, else as a string.</summary>
    public ReadOnlyMemory<byte> OutputUtf8 { get; }

    /// <summary>Whether the output is the application's default output rather than a model's answer.</summary>
    public bool IsDefault { get; }

    /// <summary>Written as <c>default_explanation</c> when <see cref="IsDefault"/> is set and this is not null.</summary>
    public string? Explanation { get; }

    /// <summary>
    /// For an ensemble's answer, the linked models whose answers did not make it (missed the deadline or failed), written
    /// as <c>models_missed</c> beside Clipper's fields; null otherwise (Clipper's answer, unchanged).
    /// </summary>
    public string[]? ModelsMissed { get; init; }
}
