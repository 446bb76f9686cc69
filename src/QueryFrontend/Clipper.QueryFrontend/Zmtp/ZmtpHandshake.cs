using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Clipper.QueryFrontend.Zmtp;

/// <summary>
/// The server side of a ZMTP 3.0/3.1 handshake with the NULL mechanism: our greeting goes out at once; the peer's
/// greeting and READY are read and checked (version 3 or later, mechanism NULL, socket type DEALER); then our READY
/// (socket type ROUTER) or an ERROR command that says what was refused.
/// </summary>
internal static class ZmtpHandshake
{
    /// <summary>Our socket type: Clipper's frontend binds a ROUTER.</summary>
    public const string ServerSocketType = "ROUTER";

    /// <summary>The only peer socket type served: Clipper's containers connect a DEALER.</summary>
    public const string PeerSocketType = "DEALER";

    /// <summary>Runs the handshake. Never throws for the peer's faults: they come back as a refusal.</summary>
    /// <param name="input">The connection's input; left positioned after the peer's READY on success.</param>
    /// <param name="output">The connection's output.</param>
    /// <param name="timeout">How long the peer has to complete its part (option HandshakeTimeout).</param>
    /// <param name="timeProvider">The clock of the timeout.</param>
    /// <param name="stopping">Ends the handshake when the frontend stops.</param>
    public static async Task<ZmtpHandshakeResult> RunAsync(PipeReader input, PipeWriter output, TimeSpan timeout, TimeProvider timeProvider, CancellationToken stopping)
    {
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stopping);
        var state = new State();
        try
        {
            ZmtpGreeting.Write(output);
            await output.FlushAsync(linked.Token).ConfigureAwait(false);
            while (true)
            {
                var result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var outcome = state.Advance(ref buffer);
                if (outcome is { } done)
                {
                    input.AdvanceTo(buffer.Start);
                    return await FinishAsync(output, state, done, linked.Token).ConfigureAwait(false);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return ZmtpHandshakeResult.Refused(state.GreetingRead
                        ? "the connection closed before the peer's READY command arrived"
                        : ZmtpGreeting.DescribeTruncated(buffer.Length));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return ZmtpHandshakeResult.Refused(stopping.IsCancellationRequested
                ? "the frontend is stopping"
                : $"the ZMTP handshake did not complete within {timeout.TotalSeconds:0.#} s (option HandshakeTimeout); {(state.GreetingRead ? "the peer's greeting arrived but no READY" : "the peer's greeting is incomplete")}");
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException)
        {
            return ZmtpHandshakeResult.Refused("the connection failed during the ZMTP handshake: " + ex.Message);
        }
    }

    private static async Task<ZmtpHandshakeResult> FinishAsync(PipeWriter output, State state, ZmtpHandshakeResult outcome, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            ZmtpCommand.WriteReady(output, ServerSocketType);
        }
        else if (state.PeerSpeaksZmtp3)
        {
            // Only a ZMTP 3 peer reads commands; an older one is just disconnected.
            ZmtpCommand.WriteError(output, outcome.Refusal!);
        }
        else
        {
            return outcome;
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Where the handshake is: the greeting, then READY.</summary>
    internal sealed class State
    {
        private byte _minorVersion;

        public bool GreetingRead { get; private set; }

        public bool PeerSpeaksZmtp3 { get; private set; }

        /// <summary>Parses what arrived; returns the outcome once known, else null (more bytes needed).</summary>
        public ZmtpHandshakeResult? Advance(ref ReadOnlySequence<byte> buffer)
        {
            if (!GreetingRead)
            {
                var status = ZmtpGreeting.TryRead(ref buffer, out _minorVersion, out var greetingError);
                PeerSpeaksZmtp3 = buffer.Length > 10 && buffer.Slice(10, 1).FirstSpan[0] >= 3;
                if (status == ZmtpReadStatus.Invalid)
                {
                    return ZmtpHandshakeResult.Refused(greetingError!);
                }

                if (status == ZmtpReadStatus.Incomplete)
                {
                    return null;
                }

                GreetingRead = true;
                PeerSpeaksZmtp3 = true;
            }

            var frameStatus = ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpLimits.MaxCommandBytes, nameof(ZmtpLimits.MaxCommandBytes), out var frame, out var frameError);
            if (frameStatus == ZmtpReadStatus.Incomplete)
            {
                return null;
            }

            if (frameStatus == ZmtpReadStatus.Invalid)
            {
                return ZmtpHandshakeResult.Refused(frameError!);
            }

            if (!frame.IsCommand)
            {
                return ZmtpHandshakeResult.Refused("a message frame before the peer's READY command; the NULL mechanism starts with READY");
            }

            if (!ZmtpCommand.TryParse(frame.Body, out var command, out var commandError))
            {
                return ZmtpHandshakeResult.Refused(commandError!);
            }

            if (command!.Name == "ERROR")
            {
                return ZmtpHandshakeResult.Refused("the peer sent ERROR during the handshake: " + command.ReadErrorReason());
            }

            if (command.Name != "READY")
            {
                return ZmtpHandshakeResult.Refused($"the command {command.Name} during the handshake; the NULL mechanism expects READY");
            }

            if (!command.TryReadSocketType(out var socketType, out var readyError))
            {
                return ZmtpHandshakeResult.Refused(readyError!);
            }

            if (!string.Equals(socketType, PeerSocketType, StringComparison.Ordinal))
            {
                return ZmtpHandshakeResult.Refused($"socket type {socketType} connected; this port serves Clipper's model containers, which connect a DEALER to the frontend's ROUTER");
            }

            return new ZmtpHandshakeResult(_minorVersion, null);
        }
    }
}
