using System.Buffers;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>Builds multi-segment sequences so parsers are tested across segment boundaries.</summary>
public static class Sequences
{
    /// <summary>A sequence of the bytes cut at the given offsets (each offset starts a new segment).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(data[start..cut].ToArray());
            start = cut;
        }

        pieces.Add(data[start..].ToArray());
        return FromSegments(pieces);
    }

    /// <summary>One segment per byte: the worst case for a parser.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> data)
    {
        var pieces = new List<byte[]>(data.Length);
        foreach (byte b in data)
        {
            pieces.Add([b]);
        }

        return FromSegments(pieces);
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

    /// <summary>Chains the pieces; empty pieces become empty segments, which parsers must also skip.</summary>
    public static ReadOnlySequence<byte> FromSegments(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
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
