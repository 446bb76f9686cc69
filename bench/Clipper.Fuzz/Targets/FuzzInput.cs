using System.Buffers;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// The bytes afl hands a target, shaped as the parsers receive them from a pipe: the first byte chooses where the
/// rest is cut into two segments, so that afl mutates segment boundaries as well as content. The same cut is where
/// the targets that parse a stream split it into two reads.
/// </summary>
internal readonly struct FuzzInput
{
    private FuzzInput(byte[] bytes, int cut)
    {
        Bytes = bytes;
        Cut = cut;
        Sequence = Sequences.Split(bytes, cut);
    }

    /// <summary>The data after the first byte, contiguous.</summary>
    public byte[] Bytes { get; }

    /// <summary>Where the data is cut: from 0 to its length, both ends included (an empty segment is a case too).</summary>
    public int Cut { get; }

    /// <summary>The data in two segments, cut at <see cref="Cut"/>.</summary>
    public ReadOnlySequence<byte> Sequence { get; }

    /// <summary>Splits an input; an empty one is empty data in one segment.</summary>
    public static FuzzInput From(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return new FuzzInput([], 0);
        }

        byte[] data = input[1..].ToArray();
        return new FuzzInput(data, input[0] % (data.Length + 1));
    }
}
