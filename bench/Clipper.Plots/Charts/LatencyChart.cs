using Clipper.Plots.Input;
using ScottPlot;

namespace Clipper.Plots.Charts;

/// <summary>p50 (dashed) and p99 (solid) against the offered load, one colour per series, on a log latency axis.</summary>
internal static class LatencyChart
{
    /// <summary>The title when the command line gives none.</summary>
    public const string DefaultTitle = "Latency against offered load (open loop, from the intended send time)";

    /// <summary>Adds the curves, the optional marks and the axes to <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, IReadOnlyList<ResultPoint> points, double? markRate, string markLabel, double? goalMs)
    {
        var palette = new ScottPlot.Palettes.Category10();
        double low = double.MaxValue, high = double.MinValue, right = 0;
        IReadOnlyList<KeyValuePair<string, ResultPoint[]>> curves = SeriesGroups.Group(points);
        for (int c = 0; c < curves.Count; c++)
        {
            ResultPoint[] curve = curves[c].Value;
            double[] x = new double[curve.Length], p50 = new double[curve.Length], p99 = new double[curve.Length];
            for (int i = 0; i < curve.Length; i++)
            {
                x[i] = curve[i].X;
                p50[i] = Math.Log10(curve[i].P50Ms);
                p99[i] = Math.Log10(curve[i].P99Ms);
                low = Math.Min(low, Math.Min(curve[i].P50Ms, curve[i].P99Ms));
                high = Math.Max(high, Math.Max(curve[i].P50Ms, curve[i].P99Ms));
                right = Math.Max(right, x[i]);
            }

            Color color = palette.GetColor(c);
            var tail = plot.Add.Scatter(x, p99, color);
            tail.LegendText = curves[c].Key + " p99";
            tail.LineWidth = 2;
            tail.MarkerSize = 7;
            var median = plot.Add.Scatter(x, p50, color);
            median.LegendText = curves[c].Key + " p50";
            median.LinePattern = LinePattern.Dashed;
            median.MarkerShape = MarkerShape.OpenCircle;
            median.MarkerSize = 7;
        }

        if (goalMs is { } goal)
        {
            var line = plot.Add.HorizontalLine(Math.Log10(goal), 1.5f, Colors.Gray, LinePattern.Dotted);
            line.LegendText = $"{LogTicks.Label(goal)} ms (goal)";
            low = Math.Min(low, goal);
            high = Math.Max(high, goal);
        }

        if (markRate is { } rate)
        {
            var line = plot.Add.VerticalLine(rate, 1.5f, Colors.Gray, LinePattern.DenselyDashed);
            line.LegendText = $"{rate:#,0}/s ({markLabel})";
            right = Math.Max(right, rate);
        }

        plot.Axes.Left.TickGenerator = LogTicks.Between(low, high);
        plot.Axes.SetLimitsY(Math.Log10(low) - 0.1, Math.Log10(high) + 0.1);
        plot.Axes.SetLimitsX(0, right * 1.05);
        plot.XLabel("offered load (requests/s)");
        plot.YLabel("latency (ms, log scale)");
        // Beside the data, not over it: the curves fill the whole frame from the low left to the high right.
        plot.ShowLegend(Edge.Right);
    }
}
