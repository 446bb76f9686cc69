using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// Runs a <see cref="QueueScript"/> against a real <see cref="DeadlineQueue{T}"/> on a fake clock, from one thread,
/// beside a model of where every accepted item is, and fails on the first step that breaks a promise of the queue.
/// </summary>
/// <remarks>
/// <para>
/// In strict mode the harness answers every item at its deadline, before the clock reaches it, as the deadline timer
/// does in the frontend. No item is then ever found expired in the queue, so every hand-off happens under the queue
/// lock on this thread, inside the step that caused it, and the model can demand exact results: each batch holds the
/// earliest queued items, as many as asked for or queued, given to waiting consumers in arrival order; a call returns
/// at once exactly when it should; no consumer waits while items are queued unless it fills a batch within its fill
/// wait.
/// </para>
/// <para>
/// Otherwise items expire in the queue, and a consumer handed only expired items answers them and waits again on a
/// thread-pool thread, racing the next step. The checks are then those no interleaving excuses: every accepted item
/// leaves exactly once (taken, expired or drained; taken again only after a re-queue), no batch is larger than asked
/// or out of deadline order, nothing expires early, and nothing is handed out that was past its deadline at the call.
/// </para>
/// </remarks>
internal sealed partial class DeadlineQueueHarness : IDisposable
{
    public const int ConsumerCount = 4;
    public const int LargestBatch = 5;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly long s_millisecond = TimeSpan.TicksPerMillisecond;

    private readonly FakeTimeProvider _time = new();
    private readonly long _start;
    private readonly DeadlineQueue<TestItem> _queue;
    private readonly bool _strict;
    private readonly QueueConsumer[] _consumers = new QueueConsumer[ConsumerCount];
    private long _calls;
    private int _items;
    private bool _completed;

    public DeadlineQueueHarness(int capacity, bool strict)
    {
        _strict = strict;
        _start = _time.GetTimestamp();
        _queue = new DeadlineQueue<TestItem>(capacity, _time, OnExpired);
        for (int i = 0; i < _consumers.Length; i++)
        {
            // One slot more than the largest batch: a pass that meets more expired items than it has room for
            // stops early, a path the tests must reach.
            _consumers[i] = new QueueConsumer(i, LargestBatch + 1);
        }
    }

    private long Now => _time.GetTimestamp();

    public async Task RunAsync(QueueScript script)
    {
        for (int i = 0; i < script.Steps.Length; i++)
        {
            await StepAsync(script.Steps[i]);
            if (i == script.CompleteAfter)
            {
                await CompleteAsync();
            }

            ThrowOnViolations($"step {i}: {script.Steps[i]}");
        }

        await FinishAsync();
        ThrowOnViolations("the end (complete, wait for every call, drain)");
    }

    public void Dispose()
    {
        foreach (QueueConsumer consumer in _consumers)
        {
            consumer.Cancellation?.Dispose();
        }
    }

    private async Task StepAsync(QueueStep step)
    {
        switch (step.Kind)
        {
            case QueueStepKind.Enqueue:
                Enqueue(step.Value);
                break;
            case QueueStepKind.Requeue:
                Requeue(_consumers[step.Consumer]);
                break;
            case QueueStepKind.Dequeue:
                await DequeueAsync(_consumers[step.Consumer], step);
                return;
            case QueueStepKind.Cancel:
                await CancelAsync(_consumers[step.Consumer]);
                return;
            case QueueStepKind.Advance:
                await AdvanceAsync(step.Value);
                return;
            case QueueStepKind.Answer:
                Answer(step.Value);
                break;
        }

        await SettleAsync();
    }

    private void Enqueue(int dueInMilliseconds)
    {
        // Strict mode answers items before the clock reaches their deadline, so none may be due already.
        long dueIn = (_strict ? Math.Max(1, dueInMilliseconds) : dueInMilliseconds) * s_millisecond;
        var item = new TestItem("q" + _items++, Now + dueIn);
        int live = LiveCount;
        int entries = _queue.Count;

        EnqueueResult result = _queue.TryEnqueue(item);

        if (_completed != (result == EnqueueResult.Closed))
        {
            Violation($"TryEnqueue({item}) returned {result} on a queue that is {(_completed ? "" : "not ")}completed");
        }
        else if (result == EnqueueResult.Full && _queue.Count < _queue.Capacity)
        {
            Violation($"TryEnqueue({item}) returned Full with {_queue.Count} entries for a capacity of {_queue.Capacity}");
        }
        else if (_strict && result == EnqueueResult.Accepted && live >= _queue.Capacity)
        {
            Violation($"TryEnqueue({item}) accepted an item with {live} live items queued, at a capacity of {_queue.Capacity}");
        }
        else if (_strict && result == EnqueueResult.Full && entries < _queue.Capacity)
        {
            Violation($"TryEnqueue({item}) returned Full with {entries} entries before the call, below the capacity of {_queue.Capacity}");
        }

        if (result == EnqueueResult.Accepted)
        {
            Admit(item);
        }
    }

    private void Requeue(QueueConsumer consumer)
    {
        if (consumer.Held.Count == 0)
        {
            return;
        }

        TestItem item = consumer.Held[0];
        consumer.Held.RemoveAt(0);
        if (item.Deadline <= Now)
        {
            // The frontend re-queues only what its deadline still allows (ModelVersionRuntime.RecoverBatch).
            item.IsCompleted = true;
            Move(item, QueueItemState.Held, QueueItemState.Answered, "answered, too late to re-queue");
            return;
        }

        // Moved first: the re-queue may hand the item to a waiting consumer before it returns.
        Move(item, QueueItemState.Held, QueueItemState.Queued, "re-queued");
        if (!_queue.Requeue(item))
        {
            if (!_completed)
            {
                Violation($"Requeue({item}) refused the item on a queue that is not completed");
            }

            // The caller answers an item the queue refuses.
            item.IsCompleted = true;
            Move(item, QueueItemState.Queued, QueueItemState.Answered, "answered by its caller");
        }
        else if (_completed)
        {
            Violation($"Requeue({item}) accepted an item on a completed queue");
        }
    }

    private void Answer(int index)
    {
        // Without strict mode the model's queued set may still list items a consumer has taken and not returned yet;
        // answering one of those is legal in the frontend and would look like a double exit here.
        TestItem? item = _strict ? QueuedAt(index) : null;
        if (item is not null)
        {
            item.IsCompleted = true;
            Move(item, QueueItemState.Queued, QueueItemState.Answered, "answered");
        }
    }

    private async Task AdvanceAsync(int milliseconds)
    {
        for (int i = 0; i < milliseconds; i++)
        {
            if (_strict)
            {
                AnswerDueBy(Now + s_millisecond);
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
            await SettleAsync();
        }
    }

    private async Task CancelAsync(QueueConsumer consumer)
    {
        if (consumer.Pending is not null && consumer.Cancellation is { } cancellation)
        {
            consumer.ExpectsZero = true;
            await cancellation.CancelAsync();
        }

        await SettleAsync();
    }

    private async Task CompleteAsync()
    {
        _queue.Complete();
        _completed = true;
        foreach (QueueConsumer consumer in _consumers)
        {
            consumer.ExpectsZero = true;
        }

        await SettleAsync();
    }

    private async Task FinishAsync()
    {
        if (!_completed)
        {
            await CompleteAsync();
        }

        foreach (QueueConsumer consumer in _consumers)
        {
            if (consumer.Pending is { } pending)
            {
                if (_strict)
                {
                    Violation($"consumer {consumer.Id}'s call did not return when the queue completed");
                }

                Collect(consumer, await pending.WaitAsync(s_timeout));
            }
        }

        List<TestItem> drained = [];
        int count = _queue.DrainAll(drained.Add);
        if (count != drained.Count)
        {
            Violation($"DrainAll returned {count} but passed {drained.Count} items");
        }

        CheckDrained(drained);
        if (_queue.Count != 0)
        {
            Violation($"the queue still counts {_queue.Count} entries after DrainAll");
        }

        CheckNothingLost();
    }
}
