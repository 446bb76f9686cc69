using System.Globalization;
using Clipper.Plots.Input;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Clipper.Plots.Charts;

/// <summary>Model answers per second against a count (replicas or query frontends), each point labelled with its value.</summary>
internal static class CountChart
{
    /// <summary>The title when the command line gives none.</summary>
    public static string DefaultTitle(ChartKind chart) => chart == ChartKind.Replicas
        ? "Answers/s against noop replicas (closed loop)"
        : "Answers/s against query frontends (closed loop)";

    /// <summary>Adds the curves and the axes to <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, ChartKind chart, IReadOnlyList<ResultPoint> points)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new NumericManual();
        var ticked = new HashSet<double>();
        double top = 0, right = 0;
        IReadOnlyList<KeyValuePair<string, ResultPoint[]>> curves = SeriesGroups.Group(points);
        for (int c = 0; c < curves.Count; c++)
        {
            ResultPoint[] curve = curves[c].Value;
            double[] x = new double[curve.Length], y = new double[curve.Length];
            for (int i = 0; i < curve.Length; i++)
            {
                x[i] = curve[i].X;
                y[i] = curve[i].AnswersPerSecond;
                top = Math.Max(top, y[i]);
                right = Math.Max(right, x[i]);
                if (ticked.Add(x[i]))
                {
                    ticks.AddMajor(x[i], x[i].ToString("0", CultureInfo.InvariantCulture));
                }
            }

            var scatter = plot.Add.Scatter(x, y, palette.GetColor(c));
            scatter.LegendText = curves[c].Key;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;
            for (int i = 0; i < x.Length; i++)
            {
                var label = plot.Add.Text(y[i].ToString("#,0", CultureInfo.InvariantCulture), x[i], y[i]);
                label.LabelFontSize = 12;
                label.LabelAlignment = Alignment.LowerCenter;
                label.OffsetY = -6;
            }
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0, right + Math.Max(0.5, right * 0.06));
        plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.15);
        plot.XLabel(chart == ChartKind.Replicas ? "replicas" : "query frontends");
        plot.YLabel("model answers/s");
        if (curves.Count > 1)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }
        else
        {
            plot.HideLegend();
        }
    }
}
