using Clipper.Plots.Cli;

namespace Clipper.Plots.Tests.Cli;

public sealed class PlotCommandTests : IDisposable
{
    private const string Replicas = """{"replicas":1,"ok":200000,"duration_s":10}""" + "\n" + """{"replicas":2,"ok":190000,"duration_s":10}""";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(new[] { "pie", "-i", "{in}", "-o", "{out}" }, "unknown chart 'pie'; expected latency, replicas or frontends")]
    [InlineData(new[] { "replicas", "-o", "{out}" }, "Option '--input' is required.")]
    [InlineData(new[] { "replicas", "-i", "{in}" }, "Option '--output' is required.")]
    [InlineData(new[] { "replicas", "-i", "{in}", "-o", "{folder}/chart.svg" }, "--output must name a .png file, got '{folder}/chart.svg'")]
    [InlineData(new[] { "replicas", "-i", "{in}", "-o", "{out}", "--width", "50" }, "--width must be 100 to 10000 pixels, got 50")]
    [InlineData(new[] { "replicas", "-i", "{in}", "-o", "{out}", "--height", "20000" }, "--height must be 100 to 10000 pixels, got 20000")]
    [InlineData(new[] { "replicas", "-i", "{in}", "-o", "{out}", "--width", "wide" }, "Cannot parse argument 'wide' for option '--width' as expected type 'System.Int32'.")]
    [InlineData(new[] { "latency", "-i", "{in}", "-o", "{out}", "--mark-rate", "-5" }, "--mark-rate must be a positive number of requests per second, got -5")]
    [InlineData(new[] { "latency", "-i", "{in}", "-o", "{out}", "--goal-ms", "0" }, "--goal-ms must be a positive number of milliseconds, got 0")]
    [InlineData(new[] { "replicas", "-i", "{in}", "-o", "{out}", "--goal-ms", "2" }, "--mark-rate, --mark-label and --goal-ms belong to the latency chart, not to 'replicas'")]
    [InlineData(new[] { "latency", "-i", "{in}", "-o", "{out}", "--mark-label", "half rate" }, "--mark-label names the rate of --mark-rate: give --mark-rate too")]
    [InlineData(new[] { "replicas", "-i", "{folder}/missing.jsonl", "-o", "{out}" }, "--input: cannot read '{folder}/missing.jsonl': ")]
    [InlineData(new[] { "frontends", "-i", "{in}", "-o", "{out}" }, "{in} line 1: \"frontends\" is missing; each line needs frontends")]
    public void Run_BadArgumentsOrInput_PrintsOneLineAndExits2(string[] args, string expected)
    {
        string input = _folder.Write("replicas.jsonl", Replicas);
        string output = Path.Combine(_folder.Path, "chart.png");
        string Fill(string text) => text.Replace("{in}", input, StringComparison.Ordinal).Replace("{out}", output, StringComparison.Ordinal).Replace("{folder}", _folder.Path, StringComparison.Ordinal);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = PlotCommand.Run([.. args.Select(Fill)], stdout, stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        string line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("clipper-plots: " + Fill(expected), line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Run_ReplicaResults_WritesThePngAndSaysWhere()
    {
        string input = _folder.Write("replicas.jsonl", Replicas);
        string output = Path.Combine(_folder.Path, "plots", "replicas.png");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = PlotCommand.Run(["replicas", "--input", input, "--output", output, "--width", "400", "--height", "300"], stdout, stderr);

        Assert.Equal(ExitCodes.Drawn, code);
        Assert.Equal("", stderr.ToString());
        Assert.Equal($"clipper-plots: wrote {output} (400x300, 2 points)", stdout.ToString().Trim());
        Assert.Equal((400, 300), PngHeader.Read(File.ReadAllBytes(output)));
    }
}
