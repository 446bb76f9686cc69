using System.Globalization;
using ScottPlot.TickGenerators;

namespace Clipper.Plots.Charts;

/// <summary>
/// Ticks for a base-10 log axis drawn on a linear one: the chart plots log10 of each value, and these ticks put the
/// real values (1, 2, 5 of each decade) where their logarithms are, with minor ticks at the other whole multiples.
/// </summary>
internal static class LogTicks
{
    /// <summary>Major ticks at 1, 2 and 5 times each power of ten from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static NumericManual Between(double min, double max)
    {
        var ticks = new NumericManual();
        int first = (int)Math.Floor(Math.Log10(min));
        int last = (int)Math.Ceiling(Math.Log10(max));
        for (int decade = first; decade <= last; decade++)
        {
            double power = Math.Pow(10, decade);
            for (int multiple = 1; multiple <= 9; multiple++)
            {
                double value = multiple * power;
                double position = Math.Log10(value);
                if (multiple is 1 or 2 or 5)
                {
                    ticks.AddMajor(position, Label(value));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }

    /// <summary>A tick's text: as few digits as the value needs (0.05, 0.2, 1, 20, 500).</summary>
    public static string Label(double value) => value.ToString(value < 1 ? "0.###" : "#,0", CultureInfo.InvariantCulture);
}
