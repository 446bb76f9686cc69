namespace Clipper.Faults.Soak;

/// <summary>The least-squares line through samples: how fast a resource grows.</summary>
internal static class LeastSquares
{
    /// <summary>The slope of <paramref name="y"/> against <paramref name="x"/> (0 with fewer than two distinct x).</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"{x.Count} x values but {y.Count} y values; expected as many of each.", nameof(y));
        }

        if (x.Count < 2)
        {
            return 0;
        }

        var meanX = x.Average();
        var meanY = y.Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < x.Count; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }

        return variance == 0 ? 0 : covariance / variance;
    }
}
