using System.Buffers;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// Parses every complete ZMTP frame of a Clipper container's connection, as the read loops of both phases of a
/// connection (before and after its metadata) use it: message frames go to the <see cref="ClipperMessageReader"/>,
/// commands are checked here (PING is answered by the sink, PONG ignored, ERROR and anything else end the connection).
/// </summary>
internal static class ClipperFrames
{
    /// <summary>Parses frames from the start of <paramref name="buffer"/> until it runs out or the sink pauses.</summary>
    /// <param name="buffer">The received bytes; on return, what was not parsed.</param>
    /// <param name="reader">The connection's message reader.</param>
    /// <param name="sink">Receives the messages.</param>
    /// <param name="peerMinorVersion">The peer's ZMTP minor version: PING exists from 3.1.</param>
    /// <param name="maxFrameBytes">The largest message frame accepted (option MaxFrameBytes).</param>
    /// <param name="consumed">The end of the last frame handled: where the caller advances to.</param>
    /// <returns>A protocol error, or null.</returns>
    public static string? Parse(ref ReadOnlySequence<byte> buffer, ClipperMessageReader reader, IClipperMessageSink sink, byte peerMinorVersion, int maxFrameBytes, out SequencePosition consumed)
    {
        consumed = buffer.Start;
        while (!sink.Paused)
        {
            var status = ZmtpFrameReader.TryReadFrame(ref buffer, maxFrameBytes, nameof(QueryFrontendOptions.MaxFrameBytes), out var frame, out var error);
            if (status == ZmtpReadStatus.Incomplete)
            {
                return null;
            }

            if (status == ZmtpReadStatus.Invalid)
            {
                return error;
            }

            consumed = buffer.Start;
            error = frame.IsCommand ? HandleCommand(frame, sink, peerMinorVersion) : reader.Read(frame, sink);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? HandleCommand(in ZmtpFrame frame, IClipperMessageSink sink, byte peerMinorVersion)
    {
        if (!ZmtpCommand.TryParse(frame.Body, out var command, out var error))
        {
            return error;
        }

        switch (command!.Name)
        {
            case "PING" when peerMinorVersion >= 1:
                if (command.Data.Length < 2 || command.Data.Length - 2 > ZmtpLimits.MaxPingContextBytes)
                {
                    return $"a PING of {command.Data.Length} bytes; expected a 2-byte TTL and at most {ZmtpLimits.MaxPingContextBytes} bytes of context";
                }

                sink.OnPing(command.Data.AsSpan(2));
                return null;
            case "PING":
                return "a PING from a ZMTP 3.0 peer; PING exists from ZMTP 3.1";
            case "PONG" when peerMinorVersion >= 1:
                // The frontend never pings (Clipper's heartbeats are messages), so a PONG answers nothing: harmless.
                return null;
            case "ERROR":
                return "the container sent ERROR: " + command.ReadErrorReason();
            default:
                return $"the command {command.Name} after the handshake; expected only PING or PONG (ZMTP 3.1)";
        }
    }

    /// <summary>Writes PONG with the PING's context.</summary>
    public static void WritePong(IBufferWriter<byte> output, ReadOnlySpan<byte> context) => ZmtpCommand.Write(output, "PONG"u8, context);
}
