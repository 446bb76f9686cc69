using System.Buffers;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Queries;

public sealed class QueryOutputCopyTests
{
    [Fact]
    public void Output_SourceMutatedAfterCompletion_StaysAsAnswered()
    {
        byte[] source = "[1,2,3]"u8.ToArray();
        Query query = TestQueries.Create();

        query.TryCompleteWithOutput(new ReadOnlySequence<byte>(source));
        source.AsSpan().Fill((byte)'x');

        Assert.Equal("[1,2,3]"u8.ToArray(), query.Output.ToArray());
    }

    [Fact]
    public void Output_MultiSegmentSource_IsJoinedAndCopied()
    {
        byte[] first = "{\"a\":"u8.ToArray();
        byte[] second = "[1,"u8.ToArray();
        byte[] third = "2]}"u8.ToArray();
        ReadOnlySequence<byte> sequence = TestQueries.Segments(first, second, third);
        Assert.False(sequence.IsSingleSegment);
        Query query = TestQueries.Create();

        query.TryCompleteWithOutput(sequence);
        first.AsSpan().Clear();
        second.AsSpan().Clear();
        third.AsSpan().Clear();

        Assert.Equal("{\"a\":[1,2]}"u8.ToArray(), query.Output.ToArray());
    }

    [Fact]
    public void Output_OneByteSegments_IsJoinedInOrder()
    {
        byte[] expected = "\"abcdef\""u8.ToArray();
        byte[][] pieces = expected.Select(b => new[] { b }).ToArray();
        Query query = TestQueries.Create();

        query.TryCompleteWithOutput(TestQueries.Segments(pieces));

        Assert.Equal(expected, query.Output.ToArray());
    }

    [Fact]
    public void Output_LargeMultiSegmentSource_HasExactlyItsLengthNotThePooledBuffers()
    {
        byte[] source = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        Query query = TestQueries.Create();

        query.TryCompleteWithOutput(TestQueries.Segments(source[..1000], source[1000..4097], source[4097..]));

        Assert.Equal(source.Length, query.Output.Length);
        Assert.Equal(source, query.Output.ToArray());
    }
}
