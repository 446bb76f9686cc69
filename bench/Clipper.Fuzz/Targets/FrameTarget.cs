using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// The model RPC read loop: frames split off the buffer one by one, each body decoded by its type. The input is read
/// twice, whole and as two reads cut at the input's cut (the second resuming where the first stopped); both must
/// find the same frames, bodies and outcome.
/// </summary>
internal static class FrameTarget
{
    // Small, so that afl reaches "too large" by changing one byte of a prefix; every seed fits.
    private const int MaxFrameBytes = 4096;

    public static void Run(byte[] input)
    {
        var fuzz = FuzzInput.From(input);
        var whole = Read(fuzz.Sequence, [fuzz.Sequence.Length]);
        var twoReads = Read(fuzz.Sequence, [fuzz.Cut, fuzz.Sequence.Length]);
        Check.SameEvents(whole, twoReads, "frames read whole and in two reads");
    }

    private static List<string> Read(ReadOnlySequence<byte> data, long[] readEnds)
    {
        var events = new List<string>();
        long offset = 0;
        foreach (long end in readEnds)
        {
            var buffer = data.Slice(offset, end - offset);
            while (true)
            {
                var before = buffer;
                var result = FrameReader.TryReadFrame(ref buffer, MaxFrameBytes, out Frame frame);
                if (result == FrameReadResult.Incomplete)
                {
                    Check.That(buffer.Equals(before), "Incomplete leaves the buffer unchanged");
                    Check.That(frame.Error is null, "Incomplete carries no error");
                    break;
                }

                if (result == FrameReadResult.Invalid)
                {
                    Check.That(buffer.Equals(before), "Invalid leaves the buffer unchanged");
                    Check.That(!string.IsNullOrEmpty(frame.Error), "Invalid says why");
                    events.Add("invalid: " + frame.Error);
                    return events;
                }

                long consumed = before.Length - buffer.Length;
                Check.Equal(consumed, ProtocolConstants.FrameHeaderBytes + frame.Body.Length, "a frame consumes its header and body");
                Check.That(consumed <= MaxFrameBytes + ProtocolConstants.LengthPrefixBytes, "a frame is at most MaxFrameBytes");
                Check.That(frame.Error is null, "a complete frame carries no error");
                events.Add($"{frame.Type} {Convert.ToHexString(frame.Body.ToArray())}: {ModelRpcBodies.Decode(frame.Type, frame.Body)}");
                offset += consumed;
            }
        }

        var rest = data.Slice(offset);
        events.Add(rest.IsEmpty ? "end" : "truncated: " + FrameReader.DescribeTruncatedFrame(rest, MaxFrameBytes));
        return events;
    }
}
