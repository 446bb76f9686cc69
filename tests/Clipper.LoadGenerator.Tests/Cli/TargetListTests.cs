using Clipper.LoadGenerator.Cli;

namespace Clipper.LoadGenerator.Tests.Cli;

public sealed class TargetListTests
{
    [Fact]
    public void TryBuild_OneUrl_IsTheOnlyTarget()
    {
        Assert.True(TargetList.TryBuild("http://127.0.0.1:1337/app/predict", null, null, out var targets, out _));

        Assert.Equal([new Uri("http://127.0.0.1:1337/app/predict")], targets);
    }

    [Fact]
    public void TryBuild_Template_MakesOneUrlPerIndexInOrder()
    {
        Assert.True(TargetList.TryBuild(null, "http://127.0.0.1:1337/a{0}/predict", 3, out var targets, out _));

        Assert.Equal(
            [new Uri("http://127.0.0.1:1337/a0/predict"), new Uri("http://127.0.0.1:1337/a1/predict"), new Uri("http://127.0.0.1:1337/a2/predict")],
            targets);
    }

    [Theory]
    [InlineData("http://h:1/x", "http://h:1/a{0}", null, "--url and --url-template cannot be combined")]
    [InlineData(null, null, null, "give --url, or --url-template with --url-count")]
    [InlineData("http://h:1/x", null, 3, "--url-count goes with --url-template, not --url")]
    [InlineData("ftp://h/x", null, null, "--url must be an absolute http:// or https:// URL, got 'ftp://h/x'")]
    [InlineData(null, "http://h:1/app/predict", 3, "--url-template must hold {0}")]
    [InlineData(null, "http://h:1/a{0}/predict", null, "--url-template needs --url-count")]
    [InlineData(null, "http://h:1/a{0}/predict", 0, "--url-count must be at least 1, got 0")]
    [InlineData(null, "{0}/predict", 2, "--url-template must make absolute http:// or https:// URLs, but made '0/predict' from '{0}/predict'")]
    public void TryBuild_WrongOptions_SayWhatIsWrongAndWhatIsExpected(string? url, string? template, int? count, string expected)
    {
        Assert.False(TargetList.TryBuild(url, template, count, out var targets, out var error));

        Assert.Null(targets);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
