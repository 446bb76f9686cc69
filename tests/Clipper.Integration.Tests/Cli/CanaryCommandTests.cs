using System.CommandLine;
using Clipper.Cli.Cluster;

namespace Clipper.Integration.Tests.Cli;

/// <summary>How <c>clipper canary</c> reads its arguments, through the real command tree.</summary>
public sealed class CanaryCommandTests
{
    [Fact]
    public void Canary_StartWithDefaults_GivesThePercentAndTheDefaultLimits()
    {
        var arguments = Read("canary", "app", "m", "--version", "2", "--percent", "10");

        Assert.Equal(new CanaryArguments(CanaryVerb.Start, "app", "m", "2", 10, 0, TimeSpan.FromSeconds(30), 0.01, null), arguments);
    }

    [Fact]
    public void Canary_StartWithEveryFlag_ReadsTheDurations()
    {
        var arguments = Read("canary", "app", "m", "--version", "2", "--percent", "5", "--step", "20", "--interval", "500ms", "--max-error-rate", "0.05", "--max-p99", "250ms", "--cluster", "c");

        Assert.Equal(new CanaryArguments(CanaryVerb.Start, "app", "m", "2", 5, 20, TimeSpan.FromMilliseconds(500), 0.05, TimeSpan.FromMilliseconds(250)), arguments);
    }

    [Theory]
    [InlineData("--status", "Status")]
    [InlineData("--promote", "Promote")]
    [InlineData("--rollback", "RollBack")]
    public void Canary_AppAndAnAction_GivesTheAction(string flag, string verb)
    {
        var arguments = Read("canary", "app", flag);

        Assert.Equal((verb, "app"), (arguments.Verb.ToString(), arguments.App));
    }

    [Theory]
    [InlineData(new[] { "canary", "app", "m", "--percent", "10" }, "--version is missing: 'clipper canary APP MODEL --version V --percent P' starts a canary")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2" }, "--percent is missing")]
    [InlineData(new[] { "canary", "app" }, "MODEL is missing")]
    [InlineData(new[] { "canary", "app", "--status", "--promote" }, "--status, --promote and --rollback exclude each other")]
    [InlineData(new[] { "canary", "app", "m", "--rollback" }, "--status, --promote and --rollback take only APP")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2", "--percent", "0" }, "--percent must be 1 to 100, got 0")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2", "--percent", "10", "--step", "101" }, "--step must be 0 (never widen) to 100, got 101")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2", "--percent", "10", "--interval", "30" }, "--interval '30' is not a duration; expected a non-negative number and a unit, such as 500ms, 10s, 2m or 1h.")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2", "--percent", "10", "--interval", "0s" }, "--interval must be positive and at most 24h, got '0s'")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2", "--percent", "10", "--max-error-rate", "2" }, "--max-error-rate must be 0 to 1 (0.01 is 1 %), got 2")]
    [InlineData(new[] { "canary", "app", "m", "--version", "2", "--percent", "10", "--max-p99", "fast" }, "--max-p99 'fast' is not a duration")]
    public void Canary_BadArguments_AreRefusedInOneSentence(string[] args, string expected)
    {
        var result = Parse(args);

        Assert.Empty(result.Errors);
        var error = Assert.Throws<ArgumentException>(() => CanaryCommand.Read(result));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Canary_PercentNotANumber_IsAParseError()
    {
        Assert.NotEmpty(Parse("canary", "app", "m", "--version", "2", "--percent", "ten").Errors);
    }

    private static CanaryArguments Read(params string[] args)
    {
        var result = Parse(args);
        Assert.Empty(result.Errors);
        return CanaryCommand.Read(result);
    }

    private static ParseResult Parse(params string[] args)
    {
        var root = new RootCommand { CanaryCommand.Create(new ClusterOptions()) };
        return root.Parse(args);
    }
}
