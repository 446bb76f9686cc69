using System.Runtime.Versioning;
using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Tests.Security;

[SupportedOSPlatform("linux")]
public sealed class ClusterTokenTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clipper-token-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Create_MakesDistinct256BitTokensOfBase64UrlText()
    {
        var first = ClusterToken.Create();
        var second = ClusterToken.Create();

        Assert.Equal(43, first.Value.Length);
        Assert.NotEqual(first.Value, second.Value);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first.Value);
    }

    [Fact]
    public void Matches_OnlyTheSameText()
    {
        var token = ClusterToken.Create();

        Assert.True(token.Matches(token.Value));
        Assert.False(token.Matches(token.Value.AsSpan(0, token.Value.Length - 1)));
        Assert.False(token.Matches(token.Value + "x"));
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(new string('é', 300)));
    }

    [Fact]
    public void Equals_SameTextIsEqualOtherTextIsNot()
    {
        var token = ClusterToken.Create();

        Assert.Equal(token, ClusterToken.Parse(token.Value, "a test"));
        Assert.Equal(token.GetHashCode(), ClusterToken.Parse(token.Value, "a test").GetHashCode());
        Assert.NotEqual(token, ClusterToken.Create());
    }

    [Fact]
    public void ToString_NeverShowsTheToken()
    {
        var token = ClusterToken.Create();

        Assert.DoesNotContain(token.Value, token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Value, $"{new { Token = token }}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "has 5 characters; expected at least 16")]
    [InlineData("sixteen chars with spaces", "holds a space")]
    [InlineData("0123456789abcdefé", "non-ASCII")]
    public void Parse_TextThatIsNoToken_IsRefusedSayingWhy(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterToken.Parse(text, "CLIPPER_ADMIN_TOKEN"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("CLIPPER_ADMIN_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsNotPartOfTheToken()
    {
        var token = ClusterToken.Parse("  0123456789abcdef\n", "a test");

        Assert.Equal("0123456789abcdef", token.Value);
    }

    [Fact]
    public void WriteFile_ThenReadFile_GivesTheSameTokenInAnOwnerOnlyFile()
    {
        var token = ClusterToken.Create();
        string path = Path.Combine(_directory, "admin-token");

        token.WriteFile(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(ClusterToken.ReadFile(path).Matches(token.Value));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void ReadFile_ReadableByOthers_IsRefusedNamingTheFix()
    {
        string path = Path.Combine(_directory, "admin-token");
        ClusterToken.Create().WriteFile(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<ArgumentException>(() => ClusterToken.ReadFile(path));

        Assert.Contains("can be read or written by other users", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_Missing_IsRefusedNamingThePath()
    {
        string path = Path.Combine(_directory, "nothing-here");

        var error = Assert.Throws<ArgumentException>(() => ClusterToken.ReadFile(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
