using Clipper.Plots.Charts;

namespace Clipper.Plots.Cli;

/// <summary>One drawing, as the command line asked for it (already validated).</summary>
internal sealed record PlotOptions
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 540;

    /// <summary>Which chart to draw.</summary>
    public required ChartKind Chart { get; init; }

    /// <summary>JSON-lines result files, read in order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The PNG file to write.</summary>
    public required string Output { get; init; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = DefaultWidth;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = DefaultHeight;

    /// <summary>The title above the chart, or null for the chart's own.</summary>
    public string? Title { get; init; }

    /// <summary>Latency chart: an offered load (requests/s) marked with a vertical line, e.g. the frontend's half rate.</summary>
    public double? MarkRate { get; init; }

    /// <summary>Latency chart: what the marked rate is, shown in the legend beside it.</summary>
    public string MarkLabel { get; init; } = DefaultMarkLabel;

    /// <summary>The legend's word for a marked rate when the command line gives none.</summary>
    public const string DefaultMarkLabel = "marked";

    /// <summary>Latency chart: a latency (ms) marked with a horizontal line, e.g. a p99 goal.</summary>
    public double? GoalMs { get; init; }
}
