using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

internal sealed partial class DeadlineQueueHarness
{
    // The model: each accepted item's state and its heap key (deadline, then admission order, as the queue's own
    // DeadlineKey), and the queued ones in key order. Guarded by _gate: onExpired runs on consumers' threads.
    private readonly Lock _gate = new();
    private readonly Dictionary<TestItem, (QueueItemState State, DeadlineKey Key)> _model = [];
    private readonly SortedSet<(DeadlineKey Key, TestItem Item)> _queued = new(Comparer<(DeadlineKey Key, TestItem Item)>.Create((a, b) => a.Key.CompareTo(b.Key)));
    private readonly List<string> _violations = [];
    private long _admissions;
    private long _fillingCall;
    private long _fillingSince;

    private int LiveCount
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    private void Admit(TestItem item)
    {
        lock (_gate)
        {
            var key = new DeadlineKey(item.Deadline, _admissions++);
            _model[item] = (QueueItemState.Queued, key);
            _queued.Add((key, item));
        }
    }

    // Every exit of an item goes through here: an item that leaves from a state other than the one expected left
    // twice, or was lost and found.
    private void Move(TestItem item, QueueItemState from, QueueItemState to, string what)
    {
        lock (_gate)
        {
            if (!_model.TryGetValue(item, out var entry))
            {
                Violation($"{item} was {what} but was never accepted");
                return;
            }

            if (entry.State != from)
            {
                Violation($"{item} was {what} while {entry.State}, expected {from}");
                return;
            }

            if (from == QueueItemState.Queued)
            {
                _queued.Remove((entry.Key, item));
            }

            // A re-queued item takes a new place in arrival order, as the queue gives it a new sequence number.
            DeadlineKey key = to == QueueItemState.Queued ? new DeadlineKey(item.Deadline, _admissions++) : entry.Key;
            _model[item] = (to, key);
            if (to == QueueItemState.Queued)
            {
                _queued.Add((key, item));
            }
        }
    }

    private DeadlineKey Key(TestItem item)
    {
        lock (_gate)
        {
            return _model[item].Key;
        }
    }

    private List<TestItem> QueuedInOrder()
    {
        lock (_gate)
        {
            return _queued.Select(e => e.Item).ToList();
        }
    }

    private TestItem? QueuedAt(int index)
    {
        List<TestItem> queued = QueuedInOrder();
        return queued.Count == 0 ? null : queued[index % queued.Count];
    }

    private void AnswerDueBy(long timestamp)
    {
        foreach (TestItem item in QueuedInOrder().TakeWhile(i => i.Deadline <= timestamp))
        {
            item.IsCompleted = true;
            Move(item, QueueItemState.Queued, QueueItemState.Answered, "answered at its deadline");
        }
    }

    // The queue's callback: must not throw, so a broken promise is recorded for the driver to report.
    private void OnExpired(TestItem item)
    {
        long now = Now;
        if (_strict)
        {
            Violation($"{item} expired in the queue although every item is answered before its deadline");
        }
        else if (item.Deadline > now)
        {
            Violation($"{item} passed to onExpired {(item.Deadline - now) / (double)s_millisecond} ms before its deadline");
        }

        Move(item, QueueItemState.Queued, QueueItemState.Expired, "expired");
    }

    private void CheckDrained(List<TestItem> drained)
    {
        string shown = $"[{string.Join(", ", drained)}]";
        if (_strict)
        {
            string expected = $"[{string.Join(", ", QueuedInOrder())}]";
            if (shown != expected)
            {
                Violation($"DrainAll passed {shown}; the queued items are {expected}");
            }
        }
        else
        {
            for (int i = 1; i < drained.Count; i++)
            {
                if (Key(drained[i - 1]).CompareTo(Key(drained[i])) > 0)
                {
                    Violation($"DrainAll passed {shown}, not in deadline order");
                }
            }
        }

        foreach (TestItem item in drained)
        {
            Move(item, QueueItemState.Queued, QueueItemState.Drained, "drained");
        }
    }

    private void CheckNothingLost()
    {
        List<TestItem> lost = QueuedInOrder();
        if (lost.Count > 0)
        {
            Violation($"{lost.Count} accepted items never left the queue: {string.Join(", ", lost)}");
        }
    }

    private void Violation(string message)
    {
        lock (_gate)
        {
            _violations.Add($"at {(Now - _start) / s_millisecond} ms: {message}");
        }
    }

    private void ThrowOnViolations(string where)
    {
        lock (_gate)
        {
            if (_violations.Count > 0)
            {
                Assert.Fail($"after {where}:{Environment.NewLine}{string.Join(Environment.NewLine, _violations)}");
            }
        }
    }
}
