using Clipper.Configuration.Redis;

namespace Clipper.QueryFrontend.Tests.Configuration;

public sealed class RedisEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:6379", "127.0.0.1:6379", null, null)]
    [InlineData(" redis-host:7000 ", "redis-host:7000", null, null)]
    [InlineData("redis://10.0.0.5", "10.0.0.5:6379", null, null)]
    [InlineData("redis://10.0.0.5:7001/", "10.0.0.5:7001", null, null)]
    [InlineData("redis://:s3cret@10.0.0.5:7001", "10.0.0.5:7001", null, "s3cret")]
    [InlineData("redis://alice:s3cret@cache.internal", "cache.internal:6379", "alice", "s3cret")]
    [InlineData("redis://:p%40ss%3Aword%2F@h:1", "h:1", null, "p@ss:word/")]
    [InlineData("redis://[::1]:6380", "[::1]:6380", null, null)]
    public void TryParse_ValidAddressOrUrl_GivesAddressUserAndPassword(string text, string address, string? user, string? password)
    {
        Assert.True(RedisEndpoint.TryParse(text, out var endpoint, out var error), error);

        Assert.Equal(new RedisEndpoint(address, user, password), endpoint);
    }

    [Theory]
    [InlineData(null, "no Redis address was given; expected HOST:PORT")]
    [InlineData("", "no Redis address was given")]
    [InlineData("localhost", "'localhost' is not a Redis address; expected HOST:PORT (such as 127.0.0.1:6379) or redis://[[USER]:PASSWORD@]HOST[:PORT]")]
    [InlineData("h:0", "'h:0' is not a Redis address")]
    [InlineData("h:65536", "'h:65536' is not a Redis address")]
    [InlineData(":6379", "':6379' is not a Redis address")]
    [InlineData("pw@h:6379", "'pw@h:6379' is not a Redis address")]
    [InlineData("rediss://h:6380", "'rediss://h:6380' asks for TLS to Redis (rediss://), which is not supported")]
    [InlineData("http://h:6379", "'http://h:6379' has the scheme 'http'")]
    [InlineData("redis://h:6379/2", "'redis://h:6379/2' has a path, query or fragment")]
    [InlineData("redis://h:6379?db=1", "has a path, query or fragment")]
    [InlineData("redis://alice@h:6379", "names a user but no password")]
    [InlineData("redis://:@h:6379", "has an empty password")]
    [InlineData("redis://", "'redis://' is not a Redis URL")]
    public void TryParse_Invalid_SaysWhatWasWrongAndWhatIsExpected(string? text, string expected)
    {
        Assert.False(RedisEndpoint.TryParse(text, out var endpoint, out var error));

        Assert.Null(endpoint);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://:topsecret@h:6379/9")]
    [InlineData("rediss://:topsecret@h:6379")]
    [InlineData("http://alice:topsecret@h")]
    public void TryParse_InvalidUrlWithPassword_NeverRepeatsThePassword(string text)
    {
        Assert.False(RedisEndpoint.TryParse(text, out _, out var error));

        Assert.DoesNotContain("topsecret", error, StringComparison.Ordinal);
        Assert.Contains("redis://…@h", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithPassword_ShowsOnlyThatThereIsOne()
    {
        Assert.True(RedisEndpoint.TryParse("redis://:topsecret@h:1", out var endpoint, out _));

        Assert.Equal("h:1 (password)", endpoint!.ToString());
    }
}
