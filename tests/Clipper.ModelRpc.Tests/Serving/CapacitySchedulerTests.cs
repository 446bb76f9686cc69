using Clipper.ModelRpc.Serving;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.ModelRpc.Tests.Serving;

public class CapacitySchedulerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Register_IdleContainer_ParksItsCapacityAtTheFirstConnection()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();

        scheduler.Register(a);

        Assert.Equal(1, a.Grants);
    }

    [Fact]
    public void Demand_WhileCapacityIsParkedElsewhere_RevokesItAndGrantsAfterTheRelease()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        var slotA = scheduler.Register(a);
        var slotB = scheduler.Register(b);

        scheduler.Demand(slotB, 100);

        Assert.Equal(1, a.Revokes);
        Assert.Equal(0, b.Grants);
        Assert.True(scheduler.TryRelease(slotA));
        Assert.Equal(1, b.Grants);
    }

    [Fact]
    public void BatchCompleted_SeveralDemand_GrantsTheEarliestDeadlineFirst()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        var c = new RecordingClient();
        var slotA = scheduler.Register(a);
        var slotB = scheduler.Register(b);
        var slotC = scheduler.Register(c);
        Assert.True(scheduler.TryStartBatch(slotA));

        scheduler.Demand(slotB, 50);
        scheduler.Demand(slotC, 10);
        scheduler.BatchCompleted(slotA);

        Assert.Equal(1, c.Grants);
        Assert.Equal(0, b.Grants);
    }

    [Fact]
    public void Demand_CrossingAParkedGrant_IsForgottenSoNoLaterGrantIsGivenForIt()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        var slotA = scheduler.Register(a);
        var slotB = scheduler.Register(b);

        scheduler.Demand(slotA, 10);
        Assert.True(scheduler.TryStartBatch(slotA));
        scheduler.BatchCompleted(slotA);

        // Nobody demands now: the capacity is parked (revocable), not granted "on demand" to a.
        Assert.Equal([true, true], a.Parked);
        scheduler.Demand(slotB, 10);
        Assert.Equal(1, a.Revokes);
    }

    [Fact]
    public void Demand_WhileTheOnlyGrantAnswersAnotherDemand_RevokesNothing()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        var c = new RecordingClient();
        var slotA = scheduler.Register(a);
        var slotB = scheduler.Register(b);
        var slotC = scheduler.Register(c);
        scheduler.Demand(slotB, 10);
        Assert.True(scheduler.TryRelease(slotA));
        Assert.Equal([false], b.Parked);

        scheduler.Demand(slotC, 5);

        Assert.Equal(0, b.Revokes);
        Assert.Equal(0, c.Grants);
    }

    [Fact]
    public void TryStartBatch_WithoutGrant_IsRefused()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        scheduler.Register(a);
        var slotB = scheduler.Register(b);

        Assert.False(scheduler.TryStartBatch(slotB));
        Assert.False(scheduler.TryRelease(slotB));
    }

    [Fact]
    public void Running_NeverExceedsConcurrency_UnderInterleavedDemandAcrossConnections()
    {
        var scheduler = new CapacityScheduler(2, _time);
        var clients = Enumerable.Range(0, 5).Select(_ => new RecordingClient()).ToArray();
        var slots = clients.Select(scheduler.Register).ToArray();
        var random = new Random(7);
        var running = new HashSet<int>();
        for (int step = 0; step < 5000; step++)
        {
            int i = random.Next(slots.Length);
            switch (random.Next(3))
            {
                case 0:
                    scheduler.Demand(slots[i], random.Next(-50, 200));
                    break;
                case 1:
                    // A frontend uses a grant it holds: the scheduler's and the client's counts agree.
                    if (clients[i].Held > 0 && !running.Contains(i))
                    {
                        Assert.True(scheduler.TryStartBatch(slots[i]));
                        clients[i].Held--;
                        running.Add(i);
                    }

                    break;
                default:
                    if (running.Remove(i))
                    {
                        scheduler.BatchCompleted(slots[i]);
                    }

                    break;
            }

            Assert.InRange(running.Count, 0, 2);
            Assert.InRange(clients.Sum(c => c.Held) + running.Count, 0, 2);
        }

        Assert.Equal(2, scheduler.PeakRunning);
    }

    [Fact]
    public void Close_WithUnusedGrant_GivesTheCapacityToAnotherConnection()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        var slotA = scheduler.Register(a);
        var slotB = scheduler.Register(b);
        scheduler.Demand(slotB, 5);

        scheduler.Close(slotA);

        Assert.Equal(1, b.Grants);
    }

    [Fact]
    public void Close_WhileItsBatchRuns_KeepsTheCapacityUntilThePredictCallEnds()
    {
        var scheduler = new CapacityScheduler(1, _time);
        var a = new RecordingClient();
        var b = new RecordingClient();
        var slotA = scheduler.Register(a);
        var slotB = scheduler.Register(b);
        Assert.True(scheduler.TryStartBatch(slotA));
        scheduler.Demand(slotB, 5);

        scheduler.Close(slotA);
        Assert.Equal(0, b.Grants);

        scheduler.BatchCompleted(slotA);
        Assert.Equal(1, b.Grants);
    }

    private sealed class RecordingClient : ICapacityClient
    {
        public int Grants { get; private set; }

        public int Revokes { get; private set; }

        public int Held { get; set; }

        public List<bool> Parked { get; } = [];

        public void SendGrant(bool parked)
        {
            Parked.Add(parked);
            Grants++;
            Held++;
        }

        public void SendRevoke() => Revokes++;
    }
}
