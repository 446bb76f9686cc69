using Clipper.LoadGenerator.Cli;
using Clipper.LoadGenerator.Configuration;

namespace Clipper.LoadGenerator.Tests.Cli;

public sealed class LoadArgumentsTests
{
    [Fact]
    public void TryGetOptions_UrlTemplate_PrecomputesEveryTarget()
    {
        var arguments = new LoadArguments();
        var parsed = arguments.CreateRootCommand().Parse(["--url-template", "http://127.0.0.1:9/a{0}/predict", "--url-count", "100"]);
        Assert.Empty(parsed.Errors);

        Assert.True(arguments.TryGetOptions(parsed, out var options, out var error), error);

        Assert.Equal(100, options.Targets.Length);
        Assert.Equal(new Uri("http://127.0.0.1:9/a0/predict"), options.Url);
        Assert.Equal(new Uri("http://127.0.0.1:9/a99/predict"), options.Targets[99]);
    }

    [Fact]
    public void TryGetOptions_NoTarget_NamesTheOptionsToGive()
    {
        var arguments = new LoadArguments();
        var parsed = arguments.CreateRootCommand().Parse(["--duration", "1s"]);

        Assert.False(arguments.TryGetOptions(parsed, out _, out var error));

        Assert.Equal("a target is required: give --url, or --url-template with --url-count", error);
    }

    [Fact]
    public void Parse_WithoutHoldIdle_HoldsNothing()
    {
        LoadOptions options = Parse("--url", "http://127.0.0.1:1/a/predict");

        Assert.Equal(TimeSpan.Zero, options.HoldIdle);
        Assert.Equal(32, options.Connections);
    }

    [Fact]
    public void Parse_HoldIdleAndTenThousandConnections_AreRead()
    {
        LoadOptions options = Parse("--url", "http://127.0.0.1:1/a/predict", "--connections", "10000", "--rate", "2000", "--hold-idle", "15s");

        Assert.Equal(TimeSpan.FromSeconds(15), options.HoldIdle);
        Assert.Equal(10_000, options.Connections);
    }

    [Fact]
    public void Parse_HoldIdleWithoutAUnitWeKnow_IsAnErrorNamingTheOption()
    {
        var arguments = new LoadArguments();
        var result = arguments.CreateRootCommand().Parse(["--url", "http://127.0.0.1:1/a/predict", "--hold-idle", "soon"]);

        Assert.NotEmpty(result.Errors);
        Assert.Contains("--hold-idle", result.Errors[0].Message, StringComparison.Ordinal);
    }

    private static LoadOptions Parse(params string[] args)
    {
        var arguments = new LoadArguments();
        var result = arguments.CreateRootCommand().Parse(args);
        Assert.Empty(result.Errors);
        Assert.True(arguments.TryGetOptions(result, out LoadOptions? options, out string? error), error);
        return options;
    }
}
