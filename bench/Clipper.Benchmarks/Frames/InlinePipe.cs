using System.Buffers;
using System.IO.Pipelines;

namespace Clipper.Benchmarks.Frames;

/// <summary>
/// A pipe that one thread writes a whole frame into and then reads back, with every flush and read
/// completing synchronously; reused across invocations so steady state is measured.
/// </summary>
/// <remarks>
/// Writers never pause (no threshold) and both sides run inline, so nothing waits and nothing is
/// scheduled: a flush or read that does not complete at once is a harness bug and throws.
/// Segments are 128 KiB because the pipe pools at most 256 segment objects and a frame is held
/// whole: with the usual 4 KiB a 2 MiB frame needs more, and a writer that asks for a string's
/// worst-case UTF-8 length up front (3 bytes a char) can start a new segment per output, so
/// segment objects would be allocated on every invocation.
/// </remarks>
internal sealed class InlinePipe
{
    private const int SegmentBytes = 128 * 1024;

    private readonly Pipe _pipe = new(new PipeOptions(
        pool: new BlockPool(),
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: SegmentBytes,
        useSynchronizationContext: false));

    /// <summary>Where frames are written.</summary>
    public PipeWriter Writer => _pipe.Writer;

    /// <summary>Makes the written bytes readable.</summary>
    public void Flush()
    {
        ValueTask<FlushResult> flush = _pipe.Writer.FlushAsync();
        if (!flush.IsCompletedSuccessfully || flush.Result.IsCompleted || flush.Result.IsCanceled)
        {
            throw new InvalidOperationException("The benchmark pipe did not flush synchronously; it must never pause or complete.");
        }
    }

    /// <summary>Everything flushed and not yet consumed.</summary>
    public ReadOnlySequence<byte> Read()
    {
        ValueTask<ReadResult> read = _pipe.Reader.ReadAsync();
        if (!read.IsCompletedSuccessfully || read.Result.IsCompleted || read.Result.IsCanceled)
        {
            throw new InvalidOperationException("The benchmark pipe did not read synchronously; read only after a flush.");
        }

        return read.Result.Buffer;
    }

    /// <summary>Consumes the bytes up to <paramref name="consumed"/>, returning their segments to the pool.</summary>
    public void AdvanceTo(SequencePosition consumed) => _pipe.Reader.AdvanceTo(consumed);

    /// <summary>
    /// The raw baseline: copies <paramref name="frame"/> into the writer span by span, flushes,
    /// reads it back and consumes it. Nothing is parsed.
    /// </summary>
    /// <returns>The number of bytes that went through.</returns>
    public long CopyThrough(ReadOnlySpan<byte> frame)
    {
        ReadOnlySpan<byte> remaining = frame;
        while (!remaining.IsEmpty)
        {
            Span<byte> span = _pipe.Writer.GetSpan();
            int count = Math.Min(span.Length, remaining.Length);
            remaining[..count].CopyTo(span);
            _pipe.Writer.Advance(count);
            remaining = remaining[count..];
        }

        Flush();
        ReadOnlySequence<byte> buffer = Read();
        long length = buffer.Length;
        if (length != frame.Length)
        {
            throw new InvalidOperationException($"Read back {length} bytes; wrote {frame.Length}.");
        }

        AdvanceTo(buffer.End);
        return length;
    }
}
