using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tracing;

namespace Clipper.QueryFrontend.Rpc;

internal sealed partial class ReplicaConnection
{
    /// <summary>
    /// Pulls a batch when the previous one is answered, writes it as one frame, and waits for the
    /// answer. Runs off the read loop, so a slow queue never delays reading responses.
    /// </summary>
    private async Task DispatchLoopAsync()
    {
        try
        {
            await DispatchBatchesAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug here must not leave a replica that is connected but never sent a batch again.
            Log.DispatchFailed(_logger, _runtime.Key.ToString(), ReplicaId, ex);
            Stop();
        }
    }

    private async Task DispatchBatchesAsync()
    {
        var stopping = _stopping.Token;
        var queue = _runtime.Queue;
        while (!_draining)
        {
            if (Volatile.Read(ref _grants) == 0)
            {
                if (!await AwaitGrantAsync(queue, stopping).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            // Holding a grant: the next batch goes out as soon as queries wait, unless the container
            // takes the grant back first. A revocation only reclaims idle capacity: with queries
            // waiting here the grant is used anyway, or two frontends could revoke each other forever.
            // A grant that answered a demand is not kept idle: when the queries it was asked for are
            // gone (another replica took them), it goes back at once. Only a parked one waits here.
            _demandSent = false;
            if ((!_grantParked && !queue.TryPeekUnclaimed(out _, out _)) || PrepareDequeueToken(queue) is not { } token)
            {
                if (!await TrySendControlAsync(ControlFrame.Release, stopping).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var max = Math.Clamp(_runtime.Policy.MaxBatchSize, 1, _dequeued.Length);
            var taken = await queue.DequeueBatchAsync(_dequeued!, max, _options.Batching.FillWait, token).ConfigureAwait(false);
            if (taken == 0)
            {
                if (queue.IsCompleted)
                {
                    // The version was removed: the batch before this one has been answered, so leaving loses nothing.
                    LeaveRemovedVersion();
                    return;
                }

                if (_draining || stopping.IsCancellationRequested)
                {
                    return;
                }

                // Revoked while waiting for queries: the next turn releases the grant, unless queries
                // arrived meanwhile.
                continue;
            }

            Interlocked.Decrement(ref _grants);
            if (!await TrySendBatchAsync(taken, stopping).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                await _batchAnswered.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims the dequeued queries, writes them as one batch and flushes. False when the connection is gone.</summary>
    private async ValueTask<bool> TrySendBatchAsync(int taken, CancellationToken stopping)
    {
        try
        {
            await _writeGate.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RequeueDequeued(taken);
            return false;
        }

        try
        {
            var count = ClaimWithinFrameLimit(taken);

            if (count == 0)
            {
                // Every query was answered (by its deadline) while waiting: there is nothing to send, and
                // no answer to wait for. The grant goes back.
                _batchAnswered.Release();
                WriteRelease();
                _lastSent = _time.GetTimestamp();
                await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return true;
            }

            var batchId = ++_nextBatchId;
            _batchCount = count;
            _batchStarted = _time.GetTimestamp();
            var latestDeadline = 0L;
            for (var i = 0; i < count; i++)
            {
                latestDeadline = Math.Max(latestDeadline, _batch[i]!.Deadline);
            }

            // A container whose predict function hangs still heartbeats; give up on it once no query of
            // the batch can use an answer any more (see OnHeartbeatTimer).
            Volatile.Write(ref _batchGiveUpAt, latestDeadline + (long)(_options.HeartbeatInterval.TotalSeconds * ProtocolConstants.SilentIntervalsBeforeDisconnect * _time.TimestampFrequency));
            Interlocked.Exchange(ref _outstandingBatchId, (long)batchId);
            try
            {
                WriteBatch(batchId, count);

                // Queries left behind ask for the next grant in the same flush, so a container that
                // chooses this frontend again grants it together with the answer.
                TryWriteDemand();
            }
            finally
            {
                // Completions of these queries wait while they are being copied: end the copy whatever happened.
                for (var i = 0; i < count; i++)
                {
                    _inputs[i] = default;
                    _batch[i]!.EndCopy();
                }
            }

            _metrics.BatchSent(_runtime.Key, _batch.AsSpan(0, count), _batchStarted, _time);
            _lastSent = _time.GetTimestamp();
            // Not cancellable by token: a flush cancelled that way leaves the frame buffered, to go out
            // later after its queries were already recovered. Stop() cancels a pending flush instead.
            var flushed = await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return !flushed.IsCompleted && !flushed.IsCanceled;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Claims dequeued queries for one batch while the frame stays within <c>MaxFrameBytes</c> (sizes
    /// as the protocol writes them); the rest go back to the queue. An input too large for any
    /// frame is answered at once, since no replica could ever receive it.
    /// </summary>
    private int ClaimWithinFrameLimit(int taken)
    {
        var inputType = _runtime.InputType;

        // MaxFrameBytes bounds the length prefix's value, which counts everything after the prefix.
        long limit = (long)_options.MaxFrameBytes + ProtocolConstants.LengthPrefixBytes;
        long frameBytes = BatchRequestWriter.GetFrameOverhead(_nextBatchId + 1, inputType, taken) + _traceContextBytes;
        long aloneOverhead = BatchRequestWriter.GetFrameOverhead(_nextBatchId + 1, inputType, 1) + _traceContextBytes;
        var count = 0;
        for (var i = 0; i < taken; i++)
        {
            var query = _dequeued[i]!;
            _dequeued[i] = null;
            var inputBytes = BatchRequestWriter.GetInputLength(inputType, query.Input.Length);
            if (aloneOverhead + inputBytes > limit)
            {
                query.TryCompleteWithDefault(DefaultReason.ModelError, $"the input is {query.Input.Length} bytes; a batch frame holds at most {_options.MaxFrameBytes} (option MaxFrameBytes)");
                continue;
            }

            if (frameBytes + inputBytes > limit)
            {
                _runtime.RequeueOrAnswer(query);
                continue;
            }

            if (query.TryBeginCopy())
            {
                FrontendTracing.Stop(query.QueueWait);
                frameBytes += inputBytes;
                _batch[count] = query;
                _inputs[count] = query.Input;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Writes the batch frame: in version 3 with the batch span's context, so that the container's predict span joins
    /// the trace (nil when the batch is not traced); in version 2 as before.
    /// </summary>
    private void WriteBatch(ulong batchId, int count)
    {
        var span = FrontendTracing.StartBatch(_batch.AsSpan(0, count), _runtime.Key, ReplicaId, ContainerId);
        Volatile.Write(ref _batchSpan, span);
        Span<byte> traceParent = stackalloc byte[ProtocolConstants.TraceParentLength];
        var length = span is null ? 0 : TraceParent.Format(span.Context, traceParent);
        BatchRequestWriter.Write(_output, batchId, _runtime.InputType, _inputs.AsSpan(0, count), Hello.ProtocolVersion, traceParent[..length]);
    }

    private void RequeueDequeued(int taken)
    {
        for (var i = 0; i < taken; i++)
        {
            var query = _dequeued[i]!;
            _dequeued[i] = null;
            _runtime.RequeueOrAnswer(query);
        }
    }
}
