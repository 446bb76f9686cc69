using System.Buffers;
using Clipper.QueryFrontend.ClipperRpc;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// What a Clipper container sends after the handshake (metadata, heartbeats, answers, PINGs), parsed as the
/// connection's read loop does: frames until the buffer runs out, pausing after metadata. Read once whole and once
/// in two reads cut at the input's cut, from a ZMTP 3.0 and a 3.1 peer; the reads must find the same messages.
/// </summary>
internal static class ClipperRpcTarget
{
    // Small, so that afl reaches the limit; every seed fits.
    private const int MaxFrameBytes = 4096;

    // The usual largest answer: answers above it make the reader grow its array of sizes.
    private const int ExpectedOutputs = 4;

    public static void Run(byte[] input)
    {
        var fuzz = FuzzInput.From(input);
        for (byte minor = 0; minor <= 1; minor++)
        {
            var whole = Read(fuzz.Sequence, [fuzz.Sequence.Length], minor);
            var twoReads = Read(fuzz.Sequence, [fuzz.Cut, fuzz.Sequence.Length], minor);
            Check.SameEvents(whole, twoReads, $"messages read whole and in two reads (ZMTP 3.{minor})");
        }
    }

    private static List<string> Read(ReadOnlySequence<byte> data, long[] readEnds, byte minor)
    {
        var reader = new ClipperMessageReader(ExpectedOutputs);
        var sink = new RecordingClipperSink();
        long offset = 0;
        foreach (long end in readEnds)
        {
            // Each pass parses until the buffer runs out; a pause (after metadata) resumes on the same bytes.
            bool paused = true;
            while (paused)
            {
                var buffer = data.Slice(offset, end - offset);
                long available = buffer.Length;
                string? error = ClipperFrames.Parse(ref buffer, reader, sink, minor, MaxFrameBytes, out var consumed);
                if (error is not null)
                {
                    sink.Events.Add("error: " + error);
                    return sink.Events;
                }

                long handled = data.Slice(offset, end - offset).Slice(0, consumed).Length;
                Check.That(handled <= available, "consumed lies inside the buffer");
                offset += handled;
                paused = sink.Paused;
                Check.That(!paused || handled > 0, "a pause follows a message, so the next pass starts further on");
                sink.Resume();
            }
        }

        sink.Events.Add($"end: {data.Length - offset} bytes left, at a message boundary: {reader.AtMessageBoundary}");
        return sink.Events;
    }
}
