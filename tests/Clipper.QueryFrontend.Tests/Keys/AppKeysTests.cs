using System.Collections.Immutable;
using Clipper.Configuration;
using Clipper.Configuration.Keys;
using Clipper.QueryFrontend.Keys;

namespace Clipper.QueryFrontend.Tests.Keys;

public sealed class AppKeysTests
{
    private static ApiKeyRecord Record(NewApiKey key) =>
        new() { KeyId = key.KeyId, SecretHash = [.. key.SecretHash], Label = "test", CreatedAt = DateTimeOffset.UnixEpoch };

    [Fact]
    public void Check_OneOfTheKeys_IsAccepted()
    {
        var first = ApiKeyFormat.Generate();
        var second = ApiKeyFormat.Generate();
        var keys = new AppKeys([Record(first), Record(second)]);

        Assert.Equal(KeyCheck.Accepted, keys.Check(first.Key));
        Assert.Equal(KeyCheck.Accepted, keys.Check(second.Key));
        Assert.Equal(2, keys.Count);
    }

    [Fact]
    public void Check_KeyOfAnotherApplication_IsInvalid()
    {
        var keys = new AppKeys([Record(ApiKeyFormat.Generate())]);

        Assert.Equal(KeyCheck.Invalid, keys.Check(ApiKeyFormat.Generate().Key));
    }

    [Fact]
    public void Check_KnownIdWithAnotherSecret_IsInvalid()
    {
        var real = ApiKeyFormat.Generate();
        var keys = new AppKeys([Record(real)]);
        var forged = real.Key[..20] + ApiKeyFormat.Generate().Key[20..];

        Assert.Equal(KeyCheck.Invalid, keys.Check(forged));
    }

    [Fact]
    public void Check_NoKeys_RefusesEveryKey()
    {
        var keys = new AppKeys([]);

        Assert.Equal(KeyCheck.Invalid, keys.Check(ApiKeyFormat.Generate().Key));
        Assert.Equal(0, keys.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("ck_")]
    [InlineData("not a key at all")]
    [InlineData("ck_0123456789abcdef_AAAAAAAAAAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAAA")]
    public void Check_NotAKey_IsMalformed(string text)
    {
        var keys = new AppKeys([Record(ApiKeyFormat.Generate())]);

        Assert.Equal(KeyCheck.Malformed, keys.Check(text));
    }

    [Fact]
    public void Check_RecordWithABadIdOrHash_IsLeftOut()
    {
        var good = ApiKeyFormat.Generate();
        var badHash = ApiKeyFormat.Generate();
        var keys = new AppKeys(
        [
            Record(good),
            Record(badHash) with { SecretHash = ImmutableArray.Create<byte>(1, 2, 3) },
            Record(ApiKeyFormat.Generate()) with { KeyId = "NOT-AN-ID" },
        ]);

        Assert.Equal(1, keys.Count);
        Assert.Equal(KeyCheck.Invalid, keys.Check(badHash.Key));
        Assert.Equal(KeyCheck.Accepted, keys.Check(good.Key));
    }

    [Fact]
    public void Check_AfterWarmUp_AllocatesNothing()
    {
        var good = ApiKeyFormat.Generate();
        var other = ApiKeyFormat.Generate().Key;
        var keys = new AppKeys([Record(good)]);
        // Counted rather than asserted inside the loop: assertions allocate.
        int Run()
        {
            var expected = 0;
            for (var i = 0; i < 100; i++)
            {
                expected += keys.Check(good.Key) == KeyCheck.Accepted ? 1 : 0;
                expected += keys.Check(other) == KeyCheck.Invalid ? 1 : 0;
                expected += keys.Check("ck_nope") == KeyCheck.Malformed ? 1 : 0;
            }

            return expected;
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcomes = Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(300, outcomes);
        Assert.Equal(0, allocated);
    }
}
