using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Clipper.Plots.Charts;

namespace Clipper.Plots.Cli;

/// <summary>The arguments of <c>clipper-plots</c> and their translation into <see cref="PlotOptions"/>.</summary>
internal sealed class PlotArguments
{
    private const int MinPixels = 100;
    private const int MaxPixels = 10_000;

    private readonly Argument<string> _chart = new("chart") { Description = "latency, replicas or frontends." };
    private readonly Option<string[]> _input = new("--input", "-i") { Description = "A JSON-lines result file (repeat for several).", Required = true };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The PNG file to write.", Required = true };
    private readonly Option<int> _width = new("--width") { Description = "Image width in pixels.", DefaultValueFactory = _ => PlotOptions.DefaultWidth };
    private readonly Option<int> _height = new("--height") { Description = "Image height in pixels.", DefaultValueFactory = _ => PlotOptions.DefaultHeight };
    private readonly Option<string?> _title = new("--title") { Description = "The title above the chart." };
    private readonly Option<double?> _markRate = new("--mark-rate") { Description = "latency: mark this offered load (requests/s) with a vertical line." };
    private readonly Option<string?> _markLabel = new("--mark-label") { Description = "latency: what the marked rate is, for the legend (default: marked)." };
    private readonly Option<double?> _goalMs = new("--goal-ms") { Description = "latency: mark this latency (ms) with a horizontal line." };

    /// <summary>Builds the root command with every argument and option; the caller sets the action.</summary>
    public RootCommand CreateRootCommand() =>
        new("Draws PNG charts from the JSON-lines results of the bench scripts (clipper-load --json lines with series, replicas or frontends added).")
        {
            _chart, _input, _output, _width, _height, _title, _markRate, _markLabel, _goalMs,
        };

    /// <summary>Turns a parse without syntax errors into options; false with a one-line reason otherwise.</summary>
    public bool TryGetOptions(ParseResult result, [NotNullWhen(true)] out PlotOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        string name = result.GetValue(_chart) ?? "";
        ChartKind chart;
        switch (name.ToLowerInvariant())
        {
            case "latency": chart = ChartKind.Latency; break;
            case "replicas": chart = ChartKind.Replicas; break;
            case "frontends": chart = ChartKind.Frontends; break;
            default:
                error = $"unknown chart '{name}'; expected latency, replicas or frontends";
                return false;
        }

        string output = result.GetValue(_output)!;
        if (!output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            error = $"--output must name a .png file, got '{output}'";
            return false;
        }

        int width = result.GetValue(_width), height = result.GetValue(_height);
        if ((error = Pixels("--width", width) ?? Pixels("--height", height)) is not null)
        {
            return false;
        }

        double? markRate = result.GetValue(_markRate), goalMs = result.GetValue(_goalMs);
        if ((error = PositiveOrNone("--mark-rate", markRate, "requests per second") ?? PositiveOrNone("--goal-ms", goalMs, "milliseconds")) is not null)
        {
            return false;
        }

        string? markLabel = result.GetValue(_markLabel);
        if (chart != ChartKind.Latency && (markRate is not null || goalMs is not null || markLabel is not null))
        {
            error = $"--mark-rate, --mark-label and --goal-ms belong to the latency chart, not to '{name}'";
            return false;
        }

        if (markLabel is not null && markRate is null)
        {
            error = "--mark-label names the rate of --mark-rate: give --mark-rate too";
            return false;
        }

        options = new PlotOptions
        {
            Chart = chart,
            Inputs = result.GetValue(_input)!,
            Output = output,
            Width = width,
            Height = height,
            Title = result.GetValue(_title),
            MarkRate = markRate,
            MarkLabel = markLabel ?? PlotOptions.DefaultMarkLabel,
            GoalMs = goalMs,
        };
        return true;
    }

    private static string? Pixels(string option, int value) => value is >= MinPixels and <= MaxPixels
        ? null
        : $"{option} must be {MinPixels} to {MaxPixels} pixels, got {value.ToString(CultureInfo.InvariantCulture)}";

    private static string? PositiveOrNone(string option, double? value, string unit) => value is not { } v || (v > 0 && double.IsFinite(v))
        ? null
        : $"{option} must be a positive number of {unit}, got {v.ToString(CultureInfo.InvariantCulture)}";
}
