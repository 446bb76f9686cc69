namespace Clipper.QueryFrontend.Tests;

/// <summary>Every HTTP limit is checked at start-up; a bad value is named with the option and what was expected.</summary>
public sealed class QueryFrontendOptionsLimitsTests
{
    [Fact]
    public void Validate_DefaultLimits_Pass()
    {
        var options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:6379" };

        options.Validate();

        Assert.Equal(10_000, options.MaxConcurrentConnections);
        Assert.Equal(32 * 1024, options.MaxRequestHeadersBytes);
        Assert.Equal(100, options.MaxRequestHeaderCount);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestHeadersTimeout);
        Assert.Equal(240, options.MinRequestBodyBytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MinRequestBodyRateGracePeriod);
        Assert.Equal(16 * 1024 * 1024, options.MaxRequestBodyBytes);
        Assert.Equal(32, options.MaxJsonDepth);
        Assert.Equal(10_000, options.MaxInputsPerRequest);
        Assert.Equal(8 * 1024 * 1024, options.MaxInputBytes);
    }

    [Theory]
    [InlineData(nameof(QueryFrontendOptions.MaxConcurrentConnections), "MaxConcurrentConnections was 0; expected at least 1.")]
    [InlineData(nameof(QueryFrontendOptions.MaxRequestHeadersBytes), "MaxRequestHeadersBytes was 1023; expected at least 1024.")]
    [InlineData(nameof(QueryFrontendOptions.MaxRequestHeaderCount), "MaxRequestHeaderCount was 0; expected at least 1.")]
    [InlineData(nameof(QueryFrontendOptions.RequestHeadersTimeout), "RequestHeadersTimeout was 00:00:00.5000000; expected at least 1 s")]
    [InlineData(nameof(QueryFrontendOptions.MinRequestBodyBytesPerSecond), "MinRequestBodyBytesPerSecond was -1; expected 0 (no minimum) or a positive number of bytes per second.")]
    [InlineData(nameof(QueryFrontendOptions.MinRequestBodyRateGracePeriod), "MinRequestBodyRateGracePeriod was 00:00:01; expected more than 1 s")]
    [InlineData(nameof(QueryFrontendOptions.MaxRequestBodyBytes), "MaxRequestBodyBytes was 63; expected at least 64.")]
    [InlineData(nameof(QueryFrontendOptions.MaxJsonDepth), "MaxJsonDepth was 2; expected at least 3 (a prediction request nests 3 levels")]
    [InlineData(nameof(QueryFrontendOptions.MaxInputsPerRequest), "MaxInputsPerRequest was 0; expected at least 1.")]
    [InlineData(nameof(QueryFrontendOptions.MaxInputBytes), "MaxInputBytes was 7; expected at least 8 (one double is 8 bytes).")]
    public void Validate_LimitOutOfRange_NamesTheOptionTheValueAndWhatIsExpected(string option, string message)
    {
        var options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:6379" };
        switch (option)
        {
            case nameof(QueryFrontendOptions.MaxConcurrentConnections): options.MaxConcurrentConnections = 0; break;
            case nameof(QueryFrontendOptions.MaxRequestHeadersBytes): options.MaxRequestHeadersBytes = 1023; break;
            case nameof(QueryFrontendOptions.MaxRequestHeaderCount): options.MaxRequestHeaderCount = 0; break;
            case nameof(QueryFrontendOptions.RequestHeadersTimeout): options.RequestHeadersTimeout = TimeSpan.FromMilliseconds(500); break;
            case nameof(QueryFrontendOptions.MinRequestBodyBytesPerSecond): options.MinRequestBodyBytesPerSecond = -1; break;
            case nameof(QueryFrontendOptions.MinRequestBodyRateGracePeriod): options.MinRequestBodyRateGracePeriod = TimeSpan.FromSeconds(1); break;
            case nameof(QueryFrontendOptions.MaxRequestBodyBytes): options.MaxRequestBodyBytes = 63; break;
            case nameof(QueryFrontendOptions.MaxJsonDepth): options.MaxJsonDepth = 2; break;
            case nameof(QueryFrontendOptions.MaxInputsPerRequest): options.MaxInputsPerRequest = 0; break;
            default: options.MaxInputBytes = 7; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(option, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
