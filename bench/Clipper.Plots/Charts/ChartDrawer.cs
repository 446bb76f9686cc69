using Clipper.Plots.Cli;
using Clipper.Plots.Input;
using ScottPlot;

namespace Clipper.Plots.Charts;

/// <summary>Draws one chart from its points and saves it as a PNG of the asked size.</summary>
internal static class ChartDrawer
{
    /// <summary>The font every text is drawn in (Debian's fonts-dejavu-core); Skia falls back to another if it is missing.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Draws and saves; returns what went wrong writing the file, or null.</summary>
    public static string? Draw(PlotOptions options, IReadOnlyList<ResultPoint> points)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        if (options.Chart == ChartKind.Latency)
        {
            LatencyChart.Draw(plot, points, options.MarkRate, options.MarkLabel, options.GoalMs);
        }
        else
        {
            CountChart.Draw(plot, options.Chart, points);
        }

        plot.Title(options.Title ?? (options.Chart == ChartKind.Latency ? LatencyChart.DefaultTitle : CountChart.DefaultTitle(options.Chart)));
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(options.Output));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            plot.SavePng(options.Output, options.Width, options.Height);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"--output: cannot write '{options.Output}': {ex.Message}";
        }
    }
}
