using System.Buffers;
using Clipper.Fuzz.Targets;

namespace Clipper.Fuzz.Tests.Targets;

public sealed class FuzzInputTests
{
    [Theory]
    [InlineData(new byte[] { 0, 1, 2, 3 }, 0)]
    [InlineData(new byte[] { 2, 1, 2, 3 }, 2)]
    [InlineData(new byte[] { 3, 1, 2, 3 }, 3)]
    [InlineData(new byte[] { 5, 1, 2, 3 }, 1)]
    public void From_FirstByte_ChoosesTheCutModuloTheDataLengthPlusOne(byte[] input, int cut)
    {
        var fuzz = FuzzInput.From(input);

        Assert.Equal(cut, fuzz.Cut);
        Assert.Equal(input[1..], fuzz.Bytes);
        Assert.Equal(input[1..], fuzz.Sequence.ToArray());
        Assert.Equal(cut, fuzz.Sequence.First.Length);
    }

    [Fact]
    public void From_EmptyInput_IsEmptyData()
    {
        var fuzz = FuzzInput.From([]);

        Assert.Empty(fuzz.Bytes);
        Assert.True(fuzz.Sequence.IsEmpty);
    }
}
