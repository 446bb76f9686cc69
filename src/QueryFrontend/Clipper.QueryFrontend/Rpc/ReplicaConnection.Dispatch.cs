using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Rpc;

internal sealed partial class ReplicaConnection
{
    /// <summary>
    /// Pulls a batch when the previous one is answered, writes it as one frame, and waits for the
    /// answer. Runs off the read loop, so a slow queue never delays reading responses.
    /// </summary>
    private async Task DispatchLoopAsync()
    {
        var stopping = _stopping.Token;
        var queue = _runtime.Queue;
        while (!_draining)
        {
            var max = Math.Clamp(_runtime.Policy.MaxBatchSize, 1, _dequeued.Length);
            var taken = await queue.DequeueBatchAsync(_dequeued!, max, _options.Batching.FillWait, stopping).ConfigureAwait(false);
            if (taken == 0)
            {
                return;
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
            var count = 0;
            for (var i = 0; i < taken; i++)
            {
                var query = _dequeued[i]!;
                _dequeued[i] = null;
                if (query.TryBeginCopy())
                {
                    _batch[count] = query;
                    _inputs[count] = query.Input;
                    count++;
                }
            }

            if (count == 0)
            {
                // Every query was answered (by its deadline) while waiting: there is nothing to send, and
                // no answer to wait for.
                _batchAnswered.Release();
                return true;
            }

            var batchId = ++_nextBatchId;
            _batchCount = count;
            _batchStarted = _time.GetTimestamp();
            Interlocked.Exchange(ref _outstandingBatchId, (long)batchId);
            BatchRequestWriter.Write(_output, batchId, _runtime.InputType, _inputs.AsSpan(0, count));
            for (var i = 0; i < count; i++)
            {
                _inputs[i] = default;
                _batch[i]!.EndCopy();
            }

            _metrics.BatchSent(_runtime.Key, count);
            _lastSent = _time.GetTimestamp();
            var flushed = await _output.FlushAsync(stopping).ConfigureAwait(false);
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

    private void RequeueDequeued(int taken)
    {
        for (var i = 0; i < taken; i++)
        {
            var query = _dequeued[i]!;
            _dequeued[i] = null;
            if (!query.IsCompleted && !_runtime.Queue.Requeue(query))
            {
                query.TryCompleteWithDefault(DefaultReason.ReplicaLost);
            }
        }
    }
}
