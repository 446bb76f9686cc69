using Clipper.Plots.Charts;
using Clipper.Plots.Input;

namespace Clipper.Plots.Tests.Input;

public sealed class ResultReaderTests
{
    private const string Kestrel = """{"series":"kestrel","mode":"open","rate":1000,"p50_ms":0.12,"p99_ms":2.5,"ok":10000,"duration_s":10}""";

    [Fact]
    public void Read_LatencyLinesAndBlankLines_ReturnsEveryPointInFileOrder()
    {
        var points = new List<ResultPoint>();
        string text = Kestrel + "\n\n" + """{"series":"frontend","rate":500.5,"p50_ms":0.4,"p99_ms":3}""" + "\n";

        string? error = ResultReader.Read(ChartKind.Latency, "curve.jsonl", text, points);

        Assert.Null(error);
        Assert.Equal(2, points.Count);
        Assert.Equal(new ResultPoint { Series = "kestrel", X = 1000, P50Ms = 0.12, P99Ms = 2.5 }, points[0]);
        Assert.Equal(("frontend", 500.5, 3.0), (points[1].Series, points[1].X, points[1].P99Ms));
    }

    [Fact]
    public void Read_ReplicaLine_AnswersPerSecondAreOkOverDuration()
    {
        var points = new List<ResultPoint>();

        string? error = ResultReader.Read(ChartKind.Replicas, "r.jsonl", """{"replicas":4,"ok":120000,"defaults":7,"duration_s":10,"throughput":99}""", points);

        Assert.Null(error);
        ResultPoint point = Assert.Single(points);
        Assert.Equal(("answers/s", 4.0, 12000.0), (point.Series, point.X, point.AnswersPerSecond));
    }

    [Fact]
    public void Read_ClosedLoopLineForLatency_SaysTheRateIsNullAndWhy()
    {
        string? error = ResultReader.Read(ChartKind.Latency, "curve.jsonl", Kestrel + "\n" + """{"series":"kestrel","rate":null,"p50_ms":1,"p99_ms":2}""", []);

        Assert.Equal("curve.jsonl line 2: \"rate\" is null (a closed-loop run has none: the latency chart needs clipper-load --rate runs); expected a number", error);
    }

    [Theory]
    [InlineData(nameof(ChartKind.Latency), """{"rate":10,"p50_ms":1,"p99_ms":2}""", "\"series\" is missing; each line needs series (text)")]
    [InlineData(nameof(ChartKind.Latency), """{"series":"k","rate":10,"p50_ms":1}""", "\"p99_ms\" is missing; each line needs series (text), rate")]
    [InlineData(nameof(ChartKind.Latency), """{"series":"","rate":10,"p50_ms":1,"p99_ms":2}""", "\"series\" is \"\"; expected a non-empty text")]
    [InlineData(nameof(ChartKind.Latency), """{"series":"k","rate":10,"p50_ms":0,"p99_ms":2}""", "\"p50_ms\" is 0; expected a number > 0")]
    [InlineData(nameof(ChartKind.Latency), """{"series":"k","rate":"fast","p50_ms":1,"p99_ms":2}""", "\"rate\" is \"fast\"")]
    [InlineData(nameof(ChartKind.Replicas), """{"replicas":2.5,"ok":1,"duration_s":1}""", "\"replicas\" is 2.5; expected a whole number >= 1")]
    [InlineData(nameof(ChartKind.Replicas), """{"ok":1,"duration_s":1}""", "\"replicas\" is missing; each line needs replicas")]
    [InlineData(nameof(ChartKind.Frontends), """{"frontends":0,"ok":1,"duration_s":1}""", "\"frontends\" is 0; expected a whole number >= 1")]
    [InlineData(nameof(ChartKind.Frontends), """{"frontends":1,"ok":-1,"duration_s":1}""", "\"ok\" is -1; expected a number >= 0")]
    [InlineData(nameof(ChartKind.Frontends), """[1, 2]""", "a JSON array, expected an object with frontends")]
    [InlineData(nameof(ChartKind.Frontends), """{"frontends":1,""", "not JSON (")]
    public void Read_BadLine_NamesTheFileLineFieldAndWhatWasExpected(string chart, string line, string expected)
    {
        string? error = ResultReader.Read(Enum.Parse<ChartKind>(chart), "in.jsonl", line, []);

        Assert.NotNull(error);
        Assert.StartsWith("in.jsonl line 1: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OnlyBlankLines_SaysTheFileHoldsNoResults()
    {
        string? error = ResultReader.Read(ChartKind.Replicas, "empty.jsonl", "\n  \n", []);

        Assert.Equal("empty.jsonl: no result lines; expected one JSON object per line with replicas (a whole number >= 1), ok and duration_s (> 0); series optional", error);
    }

    [Fact]
    public void ReadFiles_MissingFile_NamesTheInputOption()
    {
        ReadOutcome outcome = ResultReader.ReadFiles(ChartKind.Latency, ["/nonexistent/curve.jsonl"]);

        Assert.Empty(outcome.Points);
        Assert.StartsWith("--input: cannot read '/nonexistent/curve.jsonl': ", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFiles_TwoFiles_ReturnsThePointsOfBoth()
    {
        using var folder = new TempFolder();
        string first = folder.Write("a.jsonl", Kestrel);
        string second = folder.Write("b.jsonl", Kestrel.Replace("kestrel", "frontend", StringComparison.Ordinal));

        ReadOutcome outcome = ResultReader.ReadFiles(ChartKind.Latency, [first, second]);

        Assert.Null(outcome.Error);
        Assert.Equal(["kestrel", "frontend"], outcome.Points.Select(p => p.Series));
    }
}
