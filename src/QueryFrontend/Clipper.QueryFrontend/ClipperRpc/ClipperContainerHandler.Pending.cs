using Clipper.QueryFrontend.Zmtp;
using Microsoft.AspNetCore.Connections;

namespace Clipper.QueryFrontend.ClipperRpc;

internal sealed partial class ClipperContainerHandler
{
    /// <summary>
    /// Reads a container's messages before it is a replica, answering its heartbeats and PINGs: until its metadata
    /// arrives (within HandshakeTimeout), or, once refused, until it falls silent for ClipperContainerTimeout, closes,
    /// or breaks the protocol. Returns why reading ended, or null when the metadata arrived.
    /// </summary>
    private async Task<string?> ReadPendingAsync(ConnectionContext connection, ClipperMessageReader reader, PendingContainer pending, byte minorVersion)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var refused = pending.Metadata is not null;
        var limit = refused ? _options.ClipperContainerTimeout : _options.HandshakeTimeout;
        using var timeout = new CancellationTokenSource(limit, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var error = ClipperFrames.Parse(ref buffer, reader, pending, minorVersion, _options.MaxFrameBytes, out var consumed);
                if (error is not null)
                {
                    input.AdvanceTo(consumed);
                    return error;
                }

                if (refused && !consumed.Equals(result.Buffer.Start))
                {
                    // A refused container is held while it keeps talking.
                    timeout.CancelAfter(limit);
                }

                if (pending.Paused)
                {
                    input.AdvanceTo(consumed);
                }
                else
                {
                    input.AdvanceTo(consumed, buffer.End);
                }

                await ReplyAsync(output, pending).ConfigureAwait(false);
                if (pending.Paused)
                {
                    return null;
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? null : ZmtpFrameReader.DescribeTruncated(buffer);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return _stopping.IsCancellationRequested ? "the frontend is stopping"
                : refused ? $"nothing heard for {limit.TotalSeconds:0.#} s (option ClipperContainerTimeout)"
                : $"no metadata within {limit.TotalSeconds:0.#} s of the handshake (option HandshakeTimeout)";
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException)
        {
            return "the connection failed: " + ex.Message;
        }
    }

    private static async ValueTask ReplyAsync(System.IO.Pipelines.PipeWriter output, PendingContainer pending)
    {
        if (!pending.HeartbeatPending && pending.PingContext is null)
        {
            return;
        }

        if (pending.PingContext is { } context)
        {
            ClipperFrames.WritePong(output, context);
            pending.PingContext = null;
        }

        if (pending.HeartbeatPending)
        {
            ClipperMessageWriter.WriteHeartbeat(output, pending.HeartbeatKind);
            pending.HeartbeatPending = false;
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
