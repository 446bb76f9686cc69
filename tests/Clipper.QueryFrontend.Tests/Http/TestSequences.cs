using System.Buffers;
using System.Text;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>Builds request bodies as <see cref="ReadOnlySequence{T}"/>, in one segment or many.</summary>
internal static class TestSequences
{
    public static ReadOnlySequence<byte> Single(string json) => new(Encoding.UTF8.GetBytes(json));

    /// <summary>Splits <paramref name="data"/> at the given ascending positions, one segment per piece.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(data[start..cut]);
            start = cut;
        }

        pieces.Add(data[start..]);
        return FromSegments(pieces);
    }

    /// <summary>One segment per byte: every token straddles a boundary.</summary>
    public static ReadOnlySequence<byte> BytePerSegment(byte[] data)
    {
        var pieces = new List<byte[]>(data.Length);
        foreach (byte b in data)
        {
            pieces.Add([b]);
        }

        return FromSegments(pieces);
    }

    /// <summary>One segment per array, without copying: mutating an array changes the sequence.</summary>
    public static ReadOnlySequence<byte> FromPieces(params byte[][] pieces) => FromSegments([.. pieces]);

    private static ReadOnlySequence<byte> FromSegments(List<byte[]> pieces)
    {
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
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
