namespace Clipper.Plots.Input;

/// <summary>What reading the result files gave: the points, or one line saying what was wrong.</summary>
internal sealed record ReadOutcome
{
    /// <summary>The points in file order, empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<ResultPoint> Points { get; init; } = [];

    /// <summary>What was wrong (file, line, field, what was expected), or null.</summary>
    public string? Error { get; init; }

    /// <summary>A failed read.</summary>
    public static ReadOutcome Failed(string error) => new() { Error = error };
}
