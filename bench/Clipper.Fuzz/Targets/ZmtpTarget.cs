using System.Buffers;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// The server side of the ZMTP handshake: the peer's greeting, then its READY, parsed as the handshake loop does,
/// once with every byte at hand and once in two reads cut at the input's cut. Both must end the same way.
/// </summary>
internal static class ZmtpTarget
{
    public static void Run(byte[] input)
    {
        var fuzz = FuzzInput.From(input);
        string whole = Handshake(fuzz.Sequence, [fuzz.Sequence.Length]);
        string twoReads = Handshake(fuzz.Sequence, [fuzz.Cut, fuzz.Sequence.Length]);
        Check.Equal(whole, twoReads, "the handshake read whole and in two reads");
    }

    private static string Handshake(ReadOnlySequence<byte> data, long[] readEnds)
    {
        var state = new ZmtpHandshake.State();
        long offset = 0;
        foreach (long end in readEnds)
        {
            var buffer = data.Slice(offset, end - offset);
            long available = buffer.Length;
            var outcome = state.Advance(ref buffer);
            Check.That(buffer.Length <= available, "the handshake never grows the buffer");
            if (outcome is { } done)
            {
                Check.That(done.Succeeded || !string.IsNullOrEmpty(done.Refusal), "a refusal says why");
                Check.That(!done.Succeeded || state.GreetingRead, "READY only after the greeting");
                Check.That(done.MinorVersion <= 1, "the minor version is 0 or 1");
                return done.Succeeded
                    ? $"ready 3.{done.MinorVersion}, {data.Length - offset - (available - buffer.Length)} bytes after it"
                    : "refused: " + done.Refusal;
            }

            // Nothing decided: the loop keeps what was not consumed (the greeting is consumed once read) for the next read.
            offset += available - buffer.Length;
        }

        return state.GreetingRead ? "waiting for READY" : "waiting for the greeting";
    }
}
