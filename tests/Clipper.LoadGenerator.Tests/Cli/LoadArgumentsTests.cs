using Clipper.LoadGenerator.Cli;

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
}
