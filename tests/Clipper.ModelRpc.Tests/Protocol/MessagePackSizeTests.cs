using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

/// <summary>
/// Frame lengths are computed before writing, so the computed sizes must match what
/// <see cref="MessagePackWriter"/> actually emits at every format boundary.
/// </summary>
public class MessagePackSizeTests
{
    public static TheoryData<long> SignedBoundaries() =>
    [
        0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue,
        -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, (long)int.MinValue - 1, long.MinValue,
    ];

    public static TheoryData<ulong> UnsignedBoundaries() =>
        [0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (ulong)uint.MaxValue + 1, ulong.MaxValue];

    public static TheoryData<int> LengthBoundaries() => [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536];

    [Theory]
    [MemberData(nameof(SignedBoundaries))]
    public void OfInt_MatchesWriter(long value)
    {
        Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.Write(value)).Length, MessagePackSize.OfInt(value));
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.Write((int)value)).Length, MessagePackSize.OfInt(value));
        }
    }

    [Theory]
    [MemberData(nameof(UnsignedBoundaries))]
    public void OfUInt_MatchesWriter(ulong value) =>
        Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.Write(value)).Length, MessagePackSize.OfUInt(value));

    [Theory]
    [MemberData(nameof(LengthBoundaries))]
    public void OfArrayHeader_MatchesWriter(int count) =>
        Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.WriteArrayHeader(count)).Length, MessagePackSize.OfArrayHeader(count));

    [Theory]
    [MemberData(nameof(LengthBoundaries))]
    public void OfBin_MatchesWriter(int length)
    {
        byte[] bytes = new byte[length];
        Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.Write(bytes)).Length, MessagePackSize.OfBin(length));
    }

    [Theory]
    [MemberData(nameof(LengthBoundaries))]
    public void OfString_MatchesWriterForAsciiAndMultiByteText(int utf8Length)
    {
        string ascii = new('a', utf8Length);
        string mixed = new string('é', utf8Length / 2) + new string('a', utf8Length % 2);
        string astral = string.Concat(Enumerable.Repeat("😀", utf8Length / 4)) + new string('a', utf8Length % 4);
        foreach (string text in new[] { ascii, mixed, astral })
        {
            Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.Write(text)).Length, MessagePackSize.OfString(text));
        }
    }

    [Fact]
    public void OfString_LoneSurrogate_MatchesWriterReplacement()
    {
        string text = "a\uD800b" + new string('x', 30);

        Assert.Equal(Bodies.Build((ref MessagePackWriter w) => w.Write(text)).Length, MessagePackSize.OfString(text));
    }
}
