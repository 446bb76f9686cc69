using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// Runs a <see cref="ThreadsScript"/> on real threads: producers enqueue, consumers dequeue (cancelling and re-queuing
/// as planned), a clock thread advances the fake clock so that fill waits end and items expire, all at once, in
/// whatever interleaving the scheduler picks. Every item's state moves by compare-and-swap, so an item handed out twice,
/// expired while taken, or never seen again fails the run.
/// </summary>
internal sealed class DeadlineQueueThreadsRun
{
    private const int Queued = 0;
    private const int Held = 1;
    private const int Done = 2;
    private const int MaxSettleSteps = 200;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentDictionary<TestItem, StrongBox<int>> _states = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly DeadlineQueue<TestItem> _queue;
    private readonly ThreadsScript _script;
    private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeadlineQueueThreadsRun(ThreadsScript script)
    {
        _script = script;
        _queue = new DeadlineQueue<TestItem>(script.Capacity, _time, OnExpired);
    }

    public async Task RunAsync()
    {
        Task[] producers = _script.Producers.Select((dues, p) => Task.Run(() => ProduceAsync(p, dues))).ToArray();
        Task[] consumers = _script.Consumers.Select((plans, c) => Task.Run(() => ConsumeAsync(c, plans))).ToArray();
        var clock = Task.Run(TickAsync);
        _go.SetResult();

        await Task.WhenAll(producers).WaitAsync(s_timeout);
        await clock.WaitAsync(s_timeout);

        // Lets the consumers take what is left, with the clock moving so that fill waits end; whatever they do not
        // take in time is drained below, so this bounds the run without deciding its outcome.
        for (int i = 0; i < MaxSettleSteps && _states.Values.Any(s => Volatile.Read(ref s.Value) == Queued); i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }

        _queue.Complete();
        await Task.WhenAll(consumers).WaitAsync(s_timeout);
        _queue.DrainAll(item => Move(item, Queued, Done, "drained"));

        foreach ((TestItem item, StrongBox<int> state) in _states)
        {
            if (state.Value != Done)
            {
                _violations.Enqueue($"{item} ended {(state.Value == Queued ? "queued" : "held")}, not answered");
            }
        }

        if (!_violations.IsEmpty)
        {
            Assert.Fail(string.Join(Environment.NewLine, _violations.Distinct()));
        }
    }

    private async Task ProduceAsync(int producer, int[] dues)
    {
        await _go.Task;
        for (int i = 0; i < dues.Length; i++)
        {
            var item = new TestItem($"p{producer}i{i}", _time.GetTimestamp() + TimeSpan.FromMilliseconds(dues[i]).Ticks);

            // Known before the queue has it: a consumer may take it before TryEnqueue returns.
            _states[item] = new StrongBox<int>(Queued);
            if (_queue.TryEnqueue(item) != EnqueueResult.Accepted)
            {
                _states.TryRemove(item, out _);
            }

            if (dues[i] % 3 == 0)
            {
                Thread.Yield();
            }
        }
    }

    private async Task ConsumeAsync(int consumer, ConsumerPlan[] plans)
    {
        await _go.Task;
        var destination = new TestItem[DeadlineQueueHarness.LargestBatch + 1];
        for (int call = 0; !_queue.IsCompleted; call++)
        {
            ConsumerPlan plan = plans[call % plans.Length];
            using var cancellation = new CancellationTokenSource();
            long calledAt = _time.GetTimestamp();
            ValueTask<int> dequeue = _queue.DequeueBatchAsync(destination, plan.MaxItems, TimeSpan.FromMilliseconds(plan.FillWait), cancellation.Token);
            if (plan.Cancel)
            {
                await Task.Yield();
                await cancellation.CancelAsync();
            }

            int count = await dequeue.AsTask().WaitAsync(s_timeout);
            TestItem[] batch = destination.Take(count).ToArray();
            Array.Clear(destination);
            Check(consumer, plan, calledAt, batch);
            foreach (TestItem item in batch)
            {
                Move(item, Queued, Held, $"handed to consumer {consumer}");
            }

            foreach (TestItem item in batch)
            {
                if (plan.Requeue && item.Deadline > _time.GetTimestamp())
                {
                    Move(item, Held, Queued, "re-queued");
                    if (!_queue.Requeue(item))
                    {
                        Move(item, Queued, Done, "answered when the completed queue refused it");
                    }
                }
                else
                {
                    item.IsCompleted = true;
                    Move(item, Held, Done, "answered");
                }
            }
        }
    }

    private async Task TickAsync()
    {
        await _go.Task;
        foreach (int milliseconds in _script.Advances)
        {
            if (milliseconds > 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(milliseconds));
            }

            await Task.Yield();
        }
    }

    private void Check(int consumer, ConsumerPlan plan, long calledAt, TestItem[] batch)
    {
        if (batch.Length > plan.MaxItems)
        {
            _violations.Enqueue($"consumer {consumer} asked for at most {plan.MaxItems} and got {batch.Length}");
        }

        for (int i = 0; i < batch.Length; i++)
        {
            if (batch[i] is null)
            {
                _violations.Enqueue($"consumer {consumer} got {batch.Length} items with an empty slot at {i}");
                return;
            }

            if (batch[i].Deadline <= calledAt)
            {
                _violations.Enqueue($"consumer {consumer} got {batch[i]}, past its deadline when the call was made");
            }

            if (i > 0 && batch[i - 1].Deadline > batch[i].Deadline)
            {
                _violations.Enqueue($"consumer {consumer} got [{string.Join(", ", batch.AsEnumerable())}], not in deadline order");
            }
        }
    }

    private void OnExpired(TestItem item)
    {
        if (item.Deadline > _time.GetTimestamp())
        {
            _violations.Enqueue($"{item} passed to onExpired before its deadline");
        }

        Move(item, Queued, Done, "expired");
    }

    private void Move(TestItem item, int from, int to, string what)
    {
        if (!_states.TryGetValue(item, out StrongBox<int>? state))
        {
            _violations.Enqueue($"{item} was {what} but was never accepted");
        }
        else if (Interlocked.CompareExchange(ref state.Value, to, from) != from)
        {
            _violations.Enqueue($"{item} was {what} while {Name(Volatile.Read(ref state.Value))}, expected {Name(from)}");
        }
    }

    private static string Name(int state) => state switch
    {
        Queued => "queued",
        Held => "held",
        _ => "answered",
    };
}
