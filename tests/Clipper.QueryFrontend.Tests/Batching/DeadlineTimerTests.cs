using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class DeadlineTimerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _fired = [];
    private readonly DeadlineTimer<TestItem> _timer;

    public DeadlineTimerTests()
    {
        // The fake clock runs callbacks inline on the test thread, inside Advance.
        _timer = new DeadlineTimer<TestItem>(_time, item =>
        {
            _fired.Add(item.Name);
            item.IsCompleted = true;
        });
    }

    public void Dispose() => _timer.Dispose();

    [Fact]
    public void Schedule_SeveralItems_FiresEachAtItsDeadlineInDeadlineOrder()
    {
        _timer.Schedule(TestItem.DueIn(_time, "c", 30));
        _timer.Schedule(TestItem.DueIn(_time, "a", 10));
        _timer.Schedule(TestItem.DueIn(_time, "b", 20));
        _timer.Schedule(TestItem.DueIn(_time, "a2", 10));

        Advance(9);
        Assert.Empty(_fired);
        Advance(1);
        Assert.Equal(["a", "a2"], _fired);
        Advance(15);
        Assert.Equal(["a", "a2", "b"], _fired);
        Advance(5);
        Assert.Equal(["a", "a2", "b", "c"], _fired);
        Assert.Equal(0, _timer.Count);
    }

    [Fact]
    public void Schedule_TimeJumpsPastSeveralDeadlines_FiresEveryItemDue()
    {
        _timer.Schedule(TestItem.DueIn(_time, "b", 20));
        _timer.Schedule(TestItem.DueIn(_time, "a", 10));
        _timer.Schedule(TestItem.DueIn(_time, "c", 30));

        Advance(100);

        Assert.Equal(["a", "b", "c"], _fired);
    }

    [Fact]
    public void Schedule_EarlierDeadlineThanTheArmedOne_Rearms()
    {
        _timer.Schedule(TestItem.DueIn(_time, "late", 50));
        Advance(5);
        _timer.Schedule(TestItem.DueIn(_time, "early", 5));

        Advance(5);

        Assert.Equal(["early"], _fired);
        Advance(40);
        Assert.Equal(["early", "late"], _fired);
    }

    [Fact]
    public void Schedule_CompletedItem_NeverFires()
    {
        var completed = TestItem.DueIn(_time, "completed", 10);
        _timer.Schedule(completed);
        _timer.Schedule(TestItem.DueIn(_time, "live", 10));
        completed.IsCompleted = true;

        Advance(10);

        Assert.Equal(["live"], _fired);
    }

    [Fact]
    public void Schedule_ItemAlreadyPastItsDeadline_FiresOnTheNextTick()
    {
        _timer.Schedule(new TestItem("late", _time.GetTimestamp() - 1));
        Assert.Empty(_fired);

        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(["late"], _fired);
    }

    [Fact]
    public void Schedule_DeadlineBetweenMilliseconds_FiresAtTheNextMillisecond()
    {
        _timer.Schedule(TestItem.DueIn(_time, "a", 10.5));

        Advance(10);
        Assert.Empty(_fired);
        Advance(1);
        Assert.Equal(["a"], _fired);
    }

    [Fact]
    public void Schedule_ManyItems_FiresInDeadlineOrderAndNoneAfterItsTime()
    {
        const int ItemCount = 5_000;
        Random random = new(42);
        Dictionary<string, long> deadlines = [];
        for (int i = 0; i < ItemCount; i++)
        {
            var item = TestItem.DueIn(_time, "i" + i, random.Next(1, 1000));
            deadlines[item.Name] = item.Deadline;
            _timer.Schedule(item);
        }

        for (int step = 0; step < 100; step++)
        {
            Advance(10);
            long now = _time.GetTimestamp();
            HashSet<string> fired = [.. _fired];
            foreach ((string name, long deadline) in deadlines)
            {
                Assert.Equal(deadline <= now, fired.Contains(name));
            }
        }

        Assert.Equal(ItemCount, _fired.Count);
        Assert.Equal(ItemCount, _fired.Distinct().Count());
        for (int i = 1; i < _fired.Count; i++)
        {
            Assert.True(deadlines[_fired[i - 1]] <= deadlines[_fired[i]]);
        }
    }

    [Fact]
    public void Schedule_ManyAnsweredItems_CompactsSoTheHeapStaysBounded()
    {
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < 1_000; i++)
            {
                var item = TestItem.DueIn(_time, "r" + round + "i" + i, 60_000);
                _timer.Schedule(item);
                item.IsCompleted = true;
            }
        }

        Assert.True(_timer.Count <= 2_048, $"{_timer.Count} entries kept for 0 live items");
        Advance(60_000);
        Assert.Empty(_fired);
    }

    [Fact]
    public void Schedule_CompactionWithLiveItems_KeepsThemAndFiresThem()
    {
        List<TestItem> live = [];
        for (int i = 0; i < 3_000; i++)
        {
            var item = TestItem.DueIn(_time, "i" + i, 100 + (i % 7));
            _timer.Schedule(item);
            if (i % 3 == 0)
            {
                live.Add(item);
            }
            else
            {
                item.IsCompleted = true;
            }
        }

        Advance(200);

        Assert.Equal(live.Count, _fired.Count);
        Assert.Equal(live.Select(i => i.Name).Order(), _fired.Order());
    }

    [Fact]
    public void Dispose_ItemsScheduled_NothingFiresAndLaterSchedulesAreIgnored()
    {
        _timer.Schedule(TestItem.DueIn(_time, "a", 10));
        _timer.Dispose();
        _timer.Schedule(TestItem.DueIn(_time, "b", 10));

        Advance(20);

        Assert.Empty(_fired);
        Assert.Equal(0, _timer.Count);
    }

    [Fact]
    public async Task Schedule_Concurrent_FiresEveryItemOnce()
    {
        const int PerThread = 2_000;
        var items = new TestItem[4][];
        for (int t = 0; t < items.Length; t++)
        {
            items[t] = new TestItem[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                items[t][i] = TestItem.DueIn(_time, "t" + t + "i" + i, 1 + ((i * 7) % 500));
            }
        }

        var schedulers = new Task[items.Length];
        for (int t = 0; t < items.Length; t++)
        {
            TestItem[] mine = items[t];
            schedulers[t] = Task.Run(() =>
            {
                foreach (TestItem item in mine)
                {
                    _timer.Schedule(item);
                }
            });
        }

        await Task.WhenAll(schedulers).WaitAsync(TimeSpan.FromSeconds(10));
        Advance(500);

        Assert.Equal(items.Length * PerThread, _fired.Count);
        Assert.Equal(_fired.Count, _fired.Distinct().Count());
    }

    private void Advance(double milliseconds) => _time.Advance(TimeSpan.FromMilliseconds(milliseconds));
}
