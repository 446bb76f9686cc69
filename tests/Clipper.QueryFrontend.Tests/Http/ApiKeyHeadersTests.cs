using Clipper.Configuration;
using Clipper.Configuration.Keys;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class ApiKeyHeadersTests
{
    private static readonly NewApiKey s_key = ApiKeyFormat.Generate();
    private static readonly AppKeys s_keys = new([new ApiKeyRecord { KeyId = s_key.KeyId, SecretHash = [.. s_key.SecretHash], CreatedAt = DateTimeOffset.UnixEpoch }]);

    private static KeyCheck Check(params (string Name, StringValues Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return ApiKeyHeaders.Check(dictionary, s_keys);
    }

    [Fact]
    public void Check_NoHeader_IsMissing() => Assert.Equal(KeyCheck.Missing, Check());

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER  ")]
    public void Check_AuthorizationBearerAnyCase_IsAccepted(string scheme) =>
        Assert.Equal(KeyCheck.Accepted, Check(("Authorization", scheme + s_key.Key)));

    [Fact]
    public void Check_DedicatedHeader_IsAccepted() =>
        Assert.Equal(KeyCheck.Accepted, Check(("X-Clipper-Api-Key", " " + s_key.Key + " ")));

    [Fact]
    public void Check_DedicatedHeaderBesideAnotherAuthorization_UsesTheDedicatedHeader() =>
        Assert.Equal(KeyCheck.Accepted, Check(("Authorization", "Basic dXNlcjpwYXNz"), ("X-Clipper-Api-Key", s_key.Key)));

    [Fact]
    public void Check_AuthorizationOfAnotherScheme_IsMissing() =>
        Assert.Equal(KeyCheck.Missing, Check(("Authorization", "Basic dXNlcjpwYXNz")));

    [Fact]
    public void Check_TwoValues_IsMalformed()
    {
        Assert.Equal(KeyCheck.Malformed, Check(("X-Clipper-Api-Key", new StringValues([s_key.Key, s_key.Key]))));
        Assert.Equal(KeyCheck.Malformed, Check(("Authorization", new StringValues(["Bearer " + s_key.Key, "Bearer x"]))));
    }

    [Fact]
    public void Check_BearerWithoutAKey_IsMalformed() =>
        Assert.Equal(KeyCheck.Malformed, Check(("Authorization", "Bearer something-else")));

    [Fact]
    public void Check_RevokedOrUnknownKey_IsInvalid() =>
        Assert.Equal(KeyCheck.Invalid, Check(("X-Clipper-Api-Key", ApiKeyFormat.Generate().Key)));
}
