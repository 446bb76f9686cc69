using Clipper.Plots.Input;

namespace Clipper.Plots.Charts;

/// <summary>Splits points into curves by their series, in the order each series first appears, each curve sorted by x.</summary>
internal static class SeriesGroups
{
    /// <summary>The curves: a series name and its points sorted by x (a stable sort: equal x keep file order).</summary>
    public static IReadOnlyList<KeyValuePair<string, ResultPoint[]>> Group(IReadOnlyList<ResultPoint> points)
    {
        var order = new List<string>();
        var bySeries = new Dictionary<string, List<ResultPoint>>(StringComparer.Ordinal);
        foreach (ResultPoint point in points)
        {
            if (!bySeries.TryGetValue(point.Series, out List<ResultPoint>? list))
            {
                bySeries[point.Series] = list = [];
                order.Add(point.Series);
            }

            list.Add(point);
        }

        var curves = new List<KeyValuePair<string, ResultPoint[]>>(order.Count);
        foreach (string series in order)
        {
            ResultPoint[] sorted = [.. bySeries[series].OrderBy(p => p.X)];
            curves.Add(new(series, sorted));
        }

        return curves;
    }
}
