using System.IO.Pipelines;
using System.Threading.Channels;

namespace Clipper.ModelRpc.Serving;

internal sealed partial class ContainerConnection<TInput>
{
    /// <summary>
    /// The only writer of the socket: writes every frame queued so far, then flushes once. Ends
    /// when the outgoing channel completes, which only a finished drain does in normal operation.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        ChannelReader<OutgoingFrame> reader = outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(abortedToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out OutgoingFrame frame))
                {
                    frame.WriteTo(output);
                }

                Volatile.Write(ref lastSentTimestamp, time.GetTimestamp());
                FlushResult flush = await output.FlushAsync(abortedToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    Finish(ConnectionOutcome.ClosedByFrontend);
                    return;
                }
            }

            if (Volatile.Read(ref draining) != 0 && Finish(ConnectionOutcome.Drained))
            {
                Log.Drained(logger);
            }
        }
        catch (OperationCanceledException) when (abortedToken.IsCancellationRequested)
        {
            Finish(ConnectionOutcome.Cancelled);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            FailConnection(ex);
        }
        catch (Exception ex)
        {
            FailUnexpected(ex);
        }
    }
}
