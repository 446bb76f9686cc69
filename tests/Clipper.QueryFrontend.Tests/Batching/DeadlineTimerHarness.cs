using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// Runs a <see cref="TimerScript"/> against a real <see cref="DeadlineTimer{T}"/> on a fake clock (whose timers fire
/// inline inside Advance, seeing the clock's new time) beside a model of every scheduled item, and fails on the first
/// broken promise: an item fires once, never before its deadline, by the end of the first advance that passes the
/// millisecond after it (or after it was scheduled, when it was due already), in deadline order among those firing
/// together; an item answered first, or any item after Dispose, never fires.
/// </summary>
internal sealed class DeadlineTimerHarness : IDisposable
{
    private static readonly long s_millisecond = TimeSpan.TicksPerMillisecond;

    private readonly FakeTimeProvider _time = new();
    private readonly DeadlineTimer<TestItem> _timer;
    private readonly Dictionary<TestItem, (long Sequence, long LatestFire)> _pending = [];
    private readonly List<TestItem> _answered = [];
    private readonly List<string> _violations = [];
    private readonly long _start;
    private (long At, TestItem Item, long Sequence)? _lastFire;
    private long _sequence;
    private bool _disposed;

    public DeadlineTimerHarness()
    {
        _start = _time.GetTimestamp();
        _timer = new DeadlineTimer<TestItem>(_time, OnDeadline);
    }

    private long Now => _time.GetTimestamp();

    public void Run(TimerScript script)
    {
        for (int i = 0; i < script.Steps.Length; i++)
        {
            Step(script.Steps[i]);
            if (i == script.DisposeAfter)
            {
                _timer.Dispose();
                _disposed = true;
                if (_timer.Count != 0)
                {
                    Violation($"the timer keeps {_timer.Count} entries after Dispose");
                }
            }

            CheckNoneOverdue();
            ThrowOnViolations($"step {i}: {script.Steps[i]}");
        }

        // Far enough for every deadline generated: whatever is pending must fire now, unless disposed.
        _time.Advance(TimeSpan.FromSeconds(2));
        CheckNoneOverdue();
        ThrowOnViolations("the final advance");
    }

    public void Dispose() => _timer.Dispose();

    private void Step(TimerStep step)
    {
        switch (step.Kind)
        {
            case TimerStepKind.Schedule:
                Schedule(step.Value);
                break;
            case TimerStepKind.Burst:
                for (int i = 0; i < step.Count; i++)
                {
                    // Spread over the window with sub-millisecond offsets, so deadlines fall between timer ticks.
                    long dueIn = (step.Value * s_millisecond * (i + 1) / step.Count) - (i % 7 * 1_000);
                    TestItem item = Schedule(dueIn);
                    if (i % 3 == 0)
                    {
                        Answer(item);
                    }
                }

                break;
            case TimerStepKind.Answer:
                if (_pending.Count > 0)
                {
                    Answer(_pending.Keys.ElementAt((int)(step.Value % _pending.Count)));
                }

                break;
            case TimerStepKind.Advance:
                _time.Advance(TimeSpan.FromTicks(step.Value));
                break;
        }
    }

    private TestItem Schedule(long dueIn)
    {
        var item = new TestItem("t" + _sequence, Now + dueIn);

        // Due times are whole milliseconds from the arming time, at least one tick: an item fires in the millisecond
        // after its deadline, or after now when it is due already.
        long latestFire = Math.Max(item.Deadline, Now + 1) + s_millisecond;
        _timer.Schedule(item);
        if (!_disposed)
        {
            _pending[item] = (_sequence, latestFire);
        }

        _sequence++;
        return item;
    }

    private void Answer(TestItem item)
    {
        item.IsCompleted = true;
        _pending.Remove(item);
        _answered.Add(item);
    }

    private void OnDeadline(TestItem item)
    {
        long now = Now;
        if (_disposed)
        {
            Violation($"{item} fired after Dispose");
        }

        if (item.IsCompleted)
        {
            Violation($"{item} fired although it was answered {(_answered.Contains(item) ? "before its deadline" : "by an earlier fire")}");
        }

        if (!_pending.Remove(item, out var entry))
        {
            Violation($"{item} fired but is not pending");
        }
        else
        {
            if (now < item.Deadline)
            {
                Violation($"{item} fired {(item.Deadline - now) / (double)s_millisecond} ms before its deadline");
            }

            if (_lastFire is { } last && last.At == now && (last.Item.Deadline, last.Sequence).CompareTo((item.Deadline, entry.Sequence)) > 0)
            {
                Violation($"{item} fired after {last.Item} at the same instant, out of deadline order");
            }

            _lastFire = (now, item, entry.Sequence);
        }

        // The frontend answers the query here; first answer wins.
        item.IsCompleted = true;
    }

    private void CheckNoneOverdue()
    {
        if (_disposed)
        {
            return;
        }

        foreach ((TestItem item, var entry) in _pending)
        {
            if (Now >= entry.LatestFire)
            {
                Violation($"{item} (due at {(item.Deadline - _start) / (double)s_millisecond} ms) has not fired by {(Now - _start) / (double)s_millisecond} ms");
            }
        }
    }

    private void Violation(string message) => _violations.Add($"at {(Now - _start) / (double)s_millisecond} ms: {message}");

    private void ThrowOnViolations(string where)
    {
        if (_violations.Count > 0)
        {
            Assert.Fail($"after {where}:{Environment.NewLine}{string.Join(Environment.NewLine, _violations.Take(20))}");
        }
    }
}
