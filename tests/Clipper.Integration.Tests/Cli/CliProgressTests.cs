using System.Globalization;
using System.Text.RegularExpressions;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Cli;

/// <summary><c>clipper start</c>'s long steps: plain stamped lines when standard error is a pipe, live lines on a real terminal.</summary>
public sealed partial class CliProgressTests
{
    [Fact]
    public async Task Start_StderrIsAPipe_OnePlainStampedLinePerStepAndNothingOnStdout()
    {
        await using var scope = new LocalClusterScope();
        var (exitCode, stdout, stderr) = await CliRunner.RunAsync(scope.StateRoot, StartArguments(scope));
        Assert.True(exitCode == 0, "clipper start failed: " + stderr);

        var steps = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(steps, line => StampedLine().IsMatch(line) && line.EndsWith("] starting Redis and the frontends...", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotMatch(StampedLine(), stdout);
    }

    [Fact]
    public async Task Start_OnATerminal_EachStepSettlesWithItsDuration()
    {
        await using var scope = new LocalClusterScope();
        var command = TmuxSession.ShellCommand(LocalClusterScope.ClipperCommand.Concat(StartArguments(scope)));
        await using var terminal = await TmuxSession.StartAsync(command, new Dictionary<string, string> { ["CLIPPER_HOME"] = scope.StateRoot });

        var screen = await terminal.WaitForAsync("[exit ", TimeSpan.FromSeconds(120));
        Assert.Contains("[exit 0]", screen, StringComparison.Ordinal);
        Assert.Matches(SettledStep(), screen);
        // No step is left under way: the spinner's frames are gone once the command ends.
        Assert.DoesNotMatch(StepUnderWay(), screen);
    }

    private static string[] StartArguments(LocalClusterScope scope) =>
        ["start", "--cluster", scope.Name, "--query-port", Text(FreePort.Next()), "--management-port", Text(FreePort.Next()), "--rpc-port", Text(FreePort.Next())];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[\d{2}:\d{2}:\d{2}\] ", RegexOptions.Multiline)]
    private static partial Regex StampedLine();

    [GeneratedRegex(@"^✓ starting Redis and the frontends \(\d+\.\d s\)$", RegexOptions.Multiline)]
    private static partial Regex SettledStep();

    [GeneratedRegex(@"^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ", RegexOptions.Multiline)]
    private static partial Regex StepUnderWay();
}
