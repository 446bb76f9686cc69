using Clipper.Plots.Charts;
using Clipper.Plots.Cli;
using Clipper.Plots.Input;

namespace Clipper.Plots.Tests.Charts;

public sealed class ChartDrawerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Draw_LatencyCurvesWithMarks_SavesAPngOfTheAskedSize()
    {
        var points = new List<ResultPoint>();
        for (int i = 1; i <= 8; i++)
        {
            points.Add(new ResultPoint { Series = "kestrel", X = i * 5000, P50Ms = 0.1 * i, P99Ms = 0.5 * i * i });
            points.Add(new ResultPoint { Series = "frontend", X = i * 3000, P50Ms = 0.3 * i, P99Ms = 0.9 * i * i });
        }

        var options = new PlotOptions
        {
            Chart = ChartKind.Latency,
            Inputs = [],
            Output = Path.Combine(_folder.Path, "latency.png"),
            Width = 640,
            Height = 480,
            MarkRate = 12_000,
            MarkLabel = "half the frontend's saturating rate",
            GoalMs = 2,
        };

        string? error = ChartDrawer.Draw(options, points);

        Assert.Null(error);
        Assert.Equal((640, 480), PngHeader.Read(File.ReadAllBytes(options.Output)));
    }

    [Fact]
    public void Draw_FrontendCounts_SavesAPngOfTheAskedSize()
    {
        ResultPoint[] points =
        [
            new() { Series = "sleep model", X = 1, AnswersPerSecond = 20_000 },
            new() { Series = "sleep model", X = 3, AnswersPerSecond = 21_000 },
            new() { Series = "sleep model", X = 2, AnswersPerSecond = 20_500 },
        ];
        var options = new PlotOptions { Chart = ChartKind.Frontends, Inputs = [], Output = Path.Combine(_folder.Path, "f.png"), Width = 300, Height = 200 };

        string? error = ChartDrawer.Draw(options, points);

        Assert.Null(error);
        Assert.Equal((300, 200), PngHeader.Read(File.ReadAllBytes(options.Output)));
    }

    [Fact]
    public void Draw_OutputUnderAFile_SaysItCannotWriteThere()
    {
        string file = _folder.Write("taken", "");
        var options = new PlotOptions { Chart = ChartKind.Replicas, Inputs = [], Output = Path.Combine(file, "r.png") };

        string? error = ChartDrawer.Draw(options, [new ResultPoint { Series = "s", X = 1, AnswersPerSecond = 1 }]);

        Assert.StartsWith($"--output: cannot write '{options.Output}': ", error, StringComparison.Ordinal);
    }
}
