using System.Buffers;
using System.Text;

namespace Clipper.Testing;

/// <summary>
/// Builds <see cref="ReadOnlySequence{T}"/> of bytes in one segment or many, so that parsers are tested (and
/// benchmarked) across segment boundaries the way pipes hand them data. Linked as source into the test and
/// benchmark projects: each compiles its own internal copy, and none needs another's internals.
/// </summary>
internal static class Sequences
{
    /// <summary>The UTF-8 bytes of <paramref name="text"/> in one segment.</summary>
    public static ReadOnlySequence<byte> Single(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>A copy of the bytes cut at the given ascending offsets (each offset starts a new segment; a cut at 0 or at the end makes an empty segment).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var pieces = new List<byte[]>(cuts.Length + 1);
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(data[start..cut].ToArray());
            start = cut;
        }

        pieces.Add(data[start..].ToArray());
        return FromPieces([.. pieces]);
    }

    /// <summary>One segment per byte: every token straddles a boundary, the worst case for a parser.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> data)
    {
        var pieces = new byte[data.Length][];
        for (int i = 0; i < data.Length; i++)
        {
            pieces[i] = [data[i]];
        }

        return FromPieces(pieces);
    }

    /// <summary>Every two-segment split of the data, then the one-byte-per-segment sequence.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> AllSplits(byte[] data)
    {
        for (int cut = 0; cut <= data.Length; cut++)
        {
            yield return Split(data, cut);
        }

        yield return OneBytePerSegment(data);
    }

    /// <summary>
    /// <paramref name="data"/> in segments of <paramref name="segmentBytes"/> bytes (the last one shorter) over the
    /// same array, without copying, as Kestrel's request pipe holds a body in its blocks; one segment when it fits.
    /// </summary>
    public static ReadOnlySequence<byte> Blocks(byte[] data, int segmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        if (data.Length <= segmentBytes)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, segmentBytes), 0);
        Segment last = first;
        for (int start = segmentBytes; start < data.Length; start += segmentBytes)
        {
            last = last.Append(data.AsMemory(start, Math.Min(segmentBytes, data.Length - start)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>
    /// One segment per array, without copying: mutating an array changes the sequence. Empty arrays become empty
    /// segments, which parsers must also skip.
    /// </summary>
    public static ReadOnlySequence<byte> FromPieces(params byte[][] pieces)
    {
        if (pieces.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Length; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
