using Clipper.Cli.Progress;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.Integration.Tests.Cli;

public sealed class LiveProgressTests
{
    [Fact]
    public void Report_ThenTime_RedrawsTheStepInPlaceWithItsSeconds()
    {
        var (progress, terminal, time) = Create();
        progress.Report("building image x...");
        time.Advance(TimeSpan.FromSeconds(3));

        var text = terminal.ToString();
        Assert.StartsWith("\r\u001b[2K⠋ building image x... 0s", text, StringComparison.Ordinal);
        Assert.EndsWith(" building image x... 3s", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Report_NextStep_SettlesThePreviousWithItsDuration()
    {
        var (progress, terminal, time) = Create();
        progress.Report("building image x...");
        time.Advance(TimeSpan.FromMilliseconds(12_340));
        progress.Report("pushing x...");

        var lines = terminal.ToString().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("✓ building image x (12.3 s)", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("pushing x... 0s", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SettlingWriter_OutputDuringAStep_SettlesItFirst()
    {
        var (progress, terminal, time) = Create();
        var output = new SettlingWriter(terminal, progress);
        progress.Report("waiting for 2 replica(s)...");
        time.Advance(TimeSpan.FromSeconds(1));
        output.WriteLine("ready");

        Assert.EndsWith("✓ waiting for 2 replica(s) (1.0 s)\nready\n", terminal.ToString(), StringComparison.Ordinal);
        var before = terminal.ToString();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(before, terminal.ToString());
    }

    [Fact]
    public void Settle_NoStep_WritesNothing()
    {
        var (progress, terminal, _) = Create();
        progress.Settle();
        progress.Dispose();
        Assert.Equal("", terminal.ToString());
    }

    [Fact]
    public void PlainProgress_StampsEachStepOnALineOfItsOwn()
    {
        var log = new StringWriter { NewLine = "\n" };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 14, 2, 3, TimeSpan.Zero));
        var progress = new PlainProgress(log, time);
        progress.Report("building image x...");
        time.Advance(TimeSpan.FromSeconds(61));
        progress.Report("pushing x...");

        Assert.Equal("[14:02:03] building image x...\n[14:03:04] pushing x...\n", log.ToString());
    }

    private static (LiveProgress Progress, StringWriter Terminal, FakeTimeProvider Time) Create()
    {
        var terminal = new StringWriter { NewLine = "\n" };
        var time = new FakeTimeProvider();
        return (new LiveProgress(terminal, time), terminal, time);
    }
}
