using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.ClipperRpc;

internal sealed partial class ClipperReplicaConnection
{
    /// <summary>Pulls a batch when the previous one is answered, writes it as one message, and waits for the answer.</summary>
    private async Task DispatchLoopAsync()
    {
        try
        {
            await DispatchBatchesAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug here must not leave a replica that is connected but never sent a batch again.
            ClipperLog.DispatchFailed(_logger, _runtime.Key.ToString(), ReplicaId, ex);
            Stop();
        }
    }

    private async Task DispatchBatchesAsync()
    {
        var stopping = _stopping.Token;
        var queue = _runtime.Queue;
        while (!_draining)
        {
            var max = Math.Clamp(_runtime.Policy.MaxBatchSize, 1, _dequeued.Length);
            var taken = await queue.DequeueBatchAsync(_dequeued!, max, _options.Batching.FillWait, stopping).ConfigureAwait(false);
            if (taken == 0)
            {
                if (queue.IsCompleted)
                {
                    // The version was removed, and the batch before this one was answered: closing loses nothing. The
                    // container reconnects, and is held until the version is registered again.
                    ClipperLog.VersionRemoved(_logger, _runtime.Key.ToString(), ReplicaId);
                    Stop();
                    _connection.Abort();
                    return;
                }

                if (_draining || stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

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

    /// <summary>Claims the dequeued queries, writes them as one batch message and flushes. False when the connection is gone.</summary>
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
            var count = ClaimWithinMessageLimit(taken);
            if (count == 0)
            {
                // Every query was answered (by its deadline) while waiting: nothing to send or to wait for.
                _batchAnswered.Release();
                return true;
            }

            var messageId = _nextMessageId++;
            _batchCount = count;
            _batchStarted = _time.GetTimestamp();
            var latestDeadline = 0L;
            for (var i = 0; i < count; i++)
            {
                latestDeadline = Math.Max(latestDeadline, _batch[i]!.Deadline);
            }

            Volatile.Write(ref _latestDeadline, latestDeadline);
            Interlocked.Exchange(ref _outstandingMessageId, messageId);
            try
            {
                ClipperMessageWriter.WriteBatch(_output, messageId, InputType, _inputs.AsSpan(0, count));
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

            // Not cancellable by token: a cancelled flush leaves the message buffered, to go out after its queries
            // were recovered. Stop() cancels a pending flush instead.
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
    /// Claims dequeued queries for one batch while the message stays within <c>MaxFrameBytes</c>; the rest go back
    /// to the queue. An input too large for any batch is answered at once, since no replica could receive it.
    /// </summary>
    private int ClaimWithinMessageLimit(int taken)
    {
        long limit = _options.MaxFrameBytes;
        long messageBytes = ClipperMessageWriter.GetBatchOverhead(taken);
        long aloneOverhead = ClipperMessageWriter.GetBatchOverhead(1);
        var count = 0;
        for (var i = 0; i < taken; i++)
        {
            var query = _dequeued[i]!;
            _dequeued[i] = null;
            var inputBytes = ClipperMessageWriter.GetInputBytes(query.Input.Length);
            if (aloneOverhead + inputBytes > limit)
            {
                query.TryCompleteWithDefault(DefaultReason.ModelError, $"the input is {query.Input.Length} bytes; a batch message holds at most {_options.MaxFrameBytes} (option MaxFrameBytes)");
                continue;
            }

            if (messageBytes + inputBytes > limit)
            {
                _runtime.RequeueOrAnswer(query);
                continue;
            }

            if (query.TryBeginCopy())
            {
                messageBytes += inputBytes;
                _batch[count] = query;
                _inputs[count] = query.Input;
                count++;
            }
        }

        return count;
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
