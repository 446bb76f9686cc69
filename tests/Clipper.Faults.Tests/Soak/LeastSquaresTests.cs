using Clipper.Faults.Soak;

namespace Clipper.Faults.Tests.Soak;

public sealed class LeastSquaresTests
{
    [Fact]
    public void Slope_PointsOnALine_IsTheLinesSlope()
    {
        Assert.Equal(2.5, LeastSquares.Slope([0, 1, 2, 3], [1, 3.5, 6, 8.5]), 9);
    }

    [Fact]
    public void Slope_SymmetricNoise_IsZero()
    {
        Assert.Equal(0, LeastSquares.Slope([0, 1, 2, 3, 4], [5, 6, 5, 6, 5]), 9);
    }

    [Fact]
    public void Slope_OnePointOrOneDistinctX_IsZero()
    {
        Assert.Equal(0, LeastSquares.Slope([1], [7]));
        Assert.Equal(0, LeastSquares.Slope([1, 1], [7, 9]));
    }

    [Fact]
    public void Slope_MoreXThanY_NamesBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => LeastSquares.Slope([0, 1, 2], [1, 2]));

        Assert.Contains("3 x values but 2 y values", error.Message, StringComparison.Ordinal);
    }
}
