namespace Clipper.QueryFrontend.Tests.Batching;

internal sealed partial class DeadlineQueueHarness
{
    private async Task DequeueAsync(QueueConsumer consumer, QueueStep step)
    {
        // A replica has one dequeue in flight at a time.
        if (consumer.Pending is not null)
        {
            await SettleAsync();
            return;
        }

        consumer.Cancellation?.Dispose();
        consumer.Cancellation = null;
        CancellationToken token = default;
        if (step.Cancellation == 1)
        {
            consumer.Cancellation = new CancellationTokenSource();
            token = consumer.Cancellation.Token;
        }
        else if (step.Cancellation == 2)
        {
            token = new CancellationToken(canceled: true);
        }

        consumer.MaxItems = step.MaxItems;
        consumer.FillWaitMilliseconds = step.FillWait;
        consumer.CalledAt = Now;
        consumer.Call = ++_calls;
        consumer.ExpectsZero = _completed || step.Cancellation == 2;

        // What the queue must do with the call, from the model: return at once when completed or cancelled, or
        // when nobody waits ahead and items are queued that make a full batch or need no fill wait.
        bool othersWait = _consumers.Any(c => c.Pending is not null);
        int entries = _queue.Count;
        bool returnsAtOnce = consumer.ExpectsZero
            || (!othersWait && LiveCount > 0 && (entries >= step.MaxItems || step.FillWait == 0));

        ValueTask<int> dequeue = _queue.DequeueBatchAsync(consumer.Destination, step.MaxItems, TimeSpan.FromMilliseconds(step.FillWait), token);
        if (dequeue.IsCompleted)
        {
            if (_strict && !returnsAtOnce)
            {
                Violation($"consumer {consumer.Id}'s call returned at once although it should wait ({Describe(othersWait, entries)})");
            }

            Collect(consumer, await dequeue);
        }
        else
        {
            if (_strict && returnsAtOnce)
            {
                Violation($"consumer {consumer.Id}'s call waits although it should return at once ({Describe(othersWait, entries)})");
            }

            consumer.Pending = dequeue.AsTask();
        }

        await SettleAsync();
    }

    private string Describe(bool othersWait, int entries) =>
        $"others waiting: {othersWait}, live items: {LiveCount}, entries: {entries}, completed: {_completed}";

    // Collects the calls that returned. In strict mode every hand-off happened on this thread during the step, so
    // a call that was handed items has its first slot filled already, and one that must return 0 was woken: both
    // are awaited, in arrival order, which is the order the queue served them in.
    private async Task SettleAsync()
    {
        foreach (QueueConsumer consumer in _consumers.Where(c => c.Pending is not null).OrderBy(c => c.Call).ToList())
        {
            Task<int> pending = consumer.Pending!;
            if (_strict && (consumer.Destination[0] is not null || consumer.ExpectsZero))
            {
                Collect(consumer, await pending.WaitAsync(s_timeout));
            }
            else if (pending.IsCompleted)
            {
                if (_strict)
                {
                    Violation($"consumer {consumer.Id}'s call returned {pending.Result} without being handed items, cancelled or completed");
                }

                Collect(consumer, await pending);
            }
        }

        if (_strict)
        {
            CheckNoneWaitsNeedlessly();
        }
    }

    private void Collect(QueueConsumer consumer, int count)
    {
        consumer.Pending = null;
        TestItem[] batch = consumer.Destination.Take(Math.Max(0, count)).ToArray();
        Array.Clear(consumer.Destination);
        if (count < 0 || count > consumer.MaxItems)
        {
            Violation($"consumer {consumer.Id} asked for at most {consumer.MaxItems} items and got {count}");
            return;
        }

        if (batch.Any(i => i is null))
        {
            Violation($"consumer {consumer.Id} got {count} items but the batch has empty slots: [{string.Join(", ", batch.Select(i => i?.ToString() ?? "null"))}]");
            return;
        }

        if (_strict && consumer.ExpectsZero && count != 0)
        {
            Violation($"consumer {consumer.Id}'s cancelled or completed call returned {count} items");
        }

        CheckBatch(consumer, batch);
        foreach (TestItem item in batch)
        {
            Move(item, QueueItemState.Queued, QueueItemState.Held, $"handed to consumer {consumer.Id}");
            consumer.Held.Add(item);
        }
    }

    private void CheckBatch(QueueConsumer consumer, TestItem[] batch)
    {
        string shown = $"[{string.Join(", ", batch.Select(i => i.ToString()))}]";
        if (_strict)
        {
            // The earliest queued items, as many as asked for or as are queued.
            string expected = $"[{string.Join(", ", QueuedInOrder().Take(consumer.MaxItems).Select(i => i.ToString()))}]";
            if (!consumer.ExpectsZero && shown != expected)
            {
                Violation($"consumer {consumer.Id} (max {consumer.MaxItems}) got {shown}; the earliest queued items are {expected}");
            }

            return;
        }

        for (int i = 0; i < batch.Length; i++)
        {
            if (batch[i].Deadline <= consumer.CalledAt)
            {
                Violation($"consumer {consumer.Id} got {batch[i]}, past its deadline when the call was made");
            }

            if (i > 0 && Key(batch[i - 1]).CompareTo(Key(batch[i])) > 0)
            {
                Violation($"consumer {consumer.Id} got {shown}, not in deadline order");
            }
        }
    }

    // Strict mode: a consumer that still waits after a step while live items are queued must be the first in line,
    // filling a batch that is not full yet, within its fill wait since it had items to fill with.
    private void CheckNoneWaitsNeedlessly()
    {
        QueueConsumer? first = _consumers.Where(c => c.Pending is not null).MinBy(c => c.Call);
        if (first is null || LiveCount == 0)
        {
            _fillingCall = 0;
            return;
        }

        if (_fillingCall != first.Call)
        {
            _fillingCall = first.Call;
            _fillingSince = Now;
        }

        if (first.FillWaitMilliseconds == 0)
        {
            Violation($"consumer {first.Id} waits with no fill wait while {LiveCount} items are queued");
        }
        else if (_queue.Count >= first.MaxItems)
        {
            Violation($"consumer {first.Id} waits to fill a batch of {first.MaxItems} while the queue holds {_queue.Count} entries");
        }
        else if (Now - _fillingSince >= first.FillWaitMilliseconds * s_millisecond)
        {
            Violation($"consumer {first.Id} still waits {(Now - _fillingSince) / s_millisecond} ms after items arrived, past its fill wait of {first.FillWaitMilliseconds} ms");
        }
    }
}
