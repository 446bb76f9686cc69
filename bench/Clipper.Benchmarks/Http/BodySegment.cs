using System.Buffers;

namespace Clipper.Benchmarks.Http;

/// <summary>One piece of a request body split the way Kestrel's request pipe holds it.</summary>
internal sealed class BodySegment : ReadOnlySequenceSegment<byte>
{
    private BodySegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>
    /// <paramref name="body"/> as a sequence of <paramref name="segmentBytes"/>-byte segments over
    /// the same array (the last one shorter).
    /// </summary>
    public static ReadOnlySequence<byte> Split(byte[] body, int segmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        if (body.Length <= segmentBytes)
        {
            return new ReadOnlySequence<byte>(body);
        }

        var first = new BodySegment(body.AsMemory(0, segmentBytes), 0);
        BodySegment last = first;
        for (int start = segmentBytes; start < body.Length; start += segmentBytes)
        {
            var next = new BodySegment(body.AsMemory(start, Math.Min(segmentBytes, body.Length - start)), start);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
