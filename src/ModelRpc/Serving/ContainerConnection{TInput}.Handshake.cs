using System.Buffers;
using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

internal sealed partial class ContainerConnection<TInput>
{
    /// <summary>Sends Hello and waits for Welcome, at most three fallback heartbeat intervals.</summary>
    private async Task<(ConnectionOutcome Outcome, WelcomeMessage? Welcome)> HandshakeAsync(CancellationToken drainRequested)
    {
        var hello = new HelloMessage(ProtocolConstants.Version, _options.ModelName, _options.ModelVersion, _options.InputType, _options.ContainerId, _options.JoinToken);
        TimeSpan timeout = _options.HeartbeatInterval * ProtocolConstants.SilentIntervalsBeforeDisconnect;
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_abortedToken, drainRequested, timeoutSource.Token);
        try
        {
            MessageCodec.WriteHello(_output, hello);
            await _output.FlushAsync(linked.Token).ConfigureAwait(false);
            Log.Connected(_logger, _socket.RemoteEndPoint?.ToString(), _stream is System.Net.Security.SslStream { SslProtocol: var protocol } ? "TLS (" + protocol + ")" : "plain TCP", hello.ModelName, hello.ModelVersion, hello.InputType.ToName(), hello.ContainerId);
            while (true)
            {
                ReadResult result = await _input.ReadAsync(linked.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                ConnectionOutcome? failure = ReadHandshakeFrames(ref buffer, result.IsCompleted, out WelcomeMessage? welcome);

                // After the Welcome, examine nothing further: frames already received behind it
                // (the first batch, say) must be returned at once by the read loop's first read.
                _input.AdvanceTo(buffer.Start, welcome is null ? buffer.End : buffer.Start);
                if (failure is not null || welcome is not null)
                {
                    return (failure ?? ConnectionOutcome.Cancelled, welcome);
                }
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (_abortedToken.IsCancellationRequested)
            {
                return (ConnectionOutcome.Cancelled, null);
            }

            if (drainRequested.IsCancellationRequested)
            {
                return (ConnectionOutcome.Drained, null);
            }

            Log.HandshakeTimedOut(_logger, (long)timeout.TotalMilliseconds);
            return (ConnectionOutcome.HandshakeTimedOut, null);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            Log.ConnectionLost(_logger, ex);
            return (ConnectionOutcome.ConnectionLost, null);
        }
    }

    /// <summary>Parses frames until a Welcome; returns the failure, if any, that ends the handshake.</summary>
    private ConnectionOutcome? ReadHandshakeFrames(ref ReadOnlySequence<byte> buffer, bool isCompleted, out WelcomeMessage? welcome)
    {
        welcome = null;
        while (true)
        {
            switch (FrameReader.TryReadFrame(ref buffer, _options.MaxFrameBytes, out Frame frame))
            {
                case FrameReadResult.Incomplete:
                    return isCompleted ? EndOfStream(buffer) : null;
                case FrameReadResult.Invalid:
                    Log.ProtocolError(_logger, frame.Error!);
                    return ConnectionOutcome.ProtocolError;
            }

            string? error;
            switch (frame.Type)
            {
                case MessageType.Welcome:
                    if (MessageCodec.TryReadWelcome(frame.Body, out welcome, out error))
                    {
                        return null;
                    }

                    break;
                case MessageType.Goodbye:
                    if (MessageCodec.TryReadGoodbye(frame.Body, out GoodbyeMessage? goodbye, out error))
                    {
                        Log.Refused(_logger, goodbye.Reason);
                        return ConnectionOutcome.Refused;
                    }

                    break;
                case MessageType.Heartbeat:
                    if (MessageCodec.TryReadHeartbeat(frame.Body, out error))
                    {
                        continue;
                    }

                    break;
                default:
                    error = $"Received a {frame.Type} frame before the handshake completed; expected Welcome, Goodbye or Heartbeat.";
                    break;
            }

            Log.ProtocolError(_logger, error);
            return ConnectionOutcome.ProtocolError;
        }
    }

    /// <summary>The stream ended: cleanly between frames, or inside one, which is a protocol error.</summary>
    private ConnectionOutcome EndOfStream(in ReadOnlySequence<byte> remaining)
    {
        if (remaining.IsEmpty)
        {
            return ConnectionOutcome.ClosedByFrontend;
        }

        Log.ProtocolError(_logger, FrameReader.DescribeTruncatedFrame(remaining, _options.MaxFrameBytes));
        return ConnectionOutcome.ProtocolError;
    }
}
