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
        ChannelReader<OutgoingFrame> reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abortedToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out OutgoingFrame frame))
                {
                    frame.WriteTo(_output);
                }

                Volatile.Write(ref _lastSentTimestamp, _time.GetTimestamp());
                FlushResult flush = await _output.FlushAsync(_abortedToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    Finish(ConnectionOutcome.ClosedByFrontend);
                    return;
                }
            }

            if (Volatile.Read(ref _draining) != 0 && Finish(_leavingForOthers ? ConnectionOutcome.LeftForOthers : ConnectionOutcome.Drained))
            {
                Log.Drained(_logger);
            }
        }
        catch (OperationCanceledException) when (_abortedToken.IsCancellationRequested)
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
