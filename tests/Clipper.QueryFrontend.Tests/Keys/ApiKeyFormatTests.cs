using System.Security.Cryptography;
using Clipper.Configuration.Keys;
using CsCheck;
using Clipper.QueryFrontend.Tests.Batching;

namespace Clipper.QueryFrontend.Tests.Keys;

/// <summary>The text form of API keys: what is made, and what a frontend accepts as a key (never throwing on anything else).</summary>
public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generate_Key_IsCkIdUnderscoreSecretOf63UrlSafeCharacters()
    {
        var made = ApiKeyFormat.Generate();

        Assert.Equal(ApiKeyFormat.KeyLength, made.Key.Length);
        Assert.Equal(63, made.Key.Length);
        Assert.StartsWith("ck_" + made.KeyId + "_", made.Key, StringComparison.Ordinal);
        Assert.Matches("^ck_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", made.Key);
        Assert.Equal(32, made.SecretHash.Length);
        Assert.DoesNotContain(made.Key, made.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoKeys_DifferInIdAndSecret()
    {
        var a = ApiKeyFormat.Generate();
        var b = ApiKeyFormat.Generate();

        Assert.NotEqual(a.KeyId, b.KeyId);
        Assert.NotEqual(a.Key[20..], b.Key[20..]);
        Assert.NotEqual(a.SecretHash, b.SecretHash);
    }

    [Fact]
    public void TryHash_GeneratedKey_GivesItsIdAndTheStoredHash()
    {
        var made = ApiKeyFormat.Generate();
        Span<byte> hash = stackalloc byte[ApiKeyFormat.HashBytes];

        Assert.True(ApiKeyFormat.TryHash(made.Key, out var keyId, hash));

        Assert.Equal(made.KeyId, ApiKeyFormat.FormatKeyId(keyId));
        Assert.Equal(made.SecretHash, hash.ToArray());
    }

    [Fact]
    public void TryHash_KnownKey_HashesTheDecodedSecret()
    {
        // 32 bytes 0x00..0x1f in base64url.
        var secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var key = "ck_00000000000000ff_" + System.Buffers.Text.Base64Url.EncodeToString(secret);
        Span<byte> hash = stackalloc byte[ApiKeyFormat.HashBytes];

        Assert.True(ApiKeyFormat.TryHash(key, out var keyId, hash));

        Assert.Equal(0xffUL, keyId);
        Assert.Equal(SHA256.HashData(secret), hash.ToArray());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ck_", "prefix only")]
    [InlineData("sk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "another prefix")]
    [InlineData("CK_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "upper-case prefix")]
    [InlineData("ck-0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "dash after ck")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "one character short")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "one character long")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "padded secret")]
    [InlineData("ck_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "upper-case id")]
    [InlineData("ck_0123456789abcdeg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "id not hexadecimal")]
    [InlineData("ck_0123456789abcdef-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "no separator after the id")]
    [InlineData("ck_0123456789abcde_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "id one character short")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAAA", "standard base64 '+'")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAA/AAAAAAAAAAAAAAAAAAAAAA", "standard base64 '/'")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAAA", "space in the secret")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAéAAAAAAAAAAAAAAAAAAAAAA", "non-ASCII in the secret")]
    public void TryHash_NotAKey_IsFalseWithoutThrowing(string text, string what)
    {
        Span<byte> hash = stackalloc byte[ApiKeyFormat.HashBytes];

        Assert.False(ApiKeyFormat.TryHash(text, out var keyId, hash), what);
        Assert.Equal(0UL, keyId);
    }

    [Fact]
    public void TryHash_AnyText_NeverThrows()
    {
        // Random texts, and random texts of exactly a key's length starting with the prefix, so that every check is reached.
        var anyText = Gen.String[Gen.Char.AlphaNumeric, 0, 80];
        var keyShaped = Gen.String[Gen.Char["0123456789abcdefABCDEF_-+/=é AZaz"], 60, 60].Select(s => "ck_" + s);
        Gen.OneOf(anyText, keyShaped).Sample(
            text =>
            {
                Span<byte> hash = stackalloc byte[ApiKeyFormat.HashBytes];
                _ = ApiKeyFormat.TryHash(text, out _, hash);
            },
            iter: PropertyRuns.Iter(20_000));
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("ffffffffffffffff", true)]
    [InlineData("0123456789ABCDEF", false)]
    [InlineData("0123456789abcde", false)]
    [InlineData("0123456789abcdef0", false)]
    [InlineData("", false)]
    [InlineData("ck_0123456789abc", false)]
    public void TryParseKeyId_Text_AcceptsOnly16LowerCaseHexadecimalCharacters(string text, bool accepted)
    {
        Assert.Equal(accepted, ApiKeyFormat.TryParseKeyId(text, out var id));
        if (accepted)
        {
            Assert.Equal(text, ApiKeyFormat.FormatKeyId(id));
        }
    }
}
