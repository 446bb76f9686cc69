namespace Clipper.ModelRpc.Serving;

/// <summary>
/// Shares a container's concurrency among its frontend connections, so that it never runs more
/// batches at once than <see cref="Concurrency"/>, whichever frontends they come from. Work is
/// pulled: a frontend with queued queries sends Demand (with its earliest deadline); free capacity
/// goes to the demanding connection with the earliest deadline as a Grant, good for one batch.
/// Capacity nobody demands is parked as a grant at the connection that last had work, so a lone
/// frontend keeps sending without a round trip; when another frontend demands, the parked grant is
/// revoked and comes back as a Release (or as the batch it was already used for).
/// </summary>
/// <remarks>
/// One lock guards every slot. It is held for a scan of the connections (a handful) and for
/// queuing frames on their outgoing channels, never across an await or user code.
/// </remarks>
internal sealed class CapacityScheduler
{
    private readonly Lock _lock = new();
    private readonly List<CapacitySlot> _slots = [];
    private readonly TimeProvider _time;
    private int _used;
    private int _running;
    private int _peakRunning;

    public CapacityScheduler(int concurrency, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        Concurrency = concurrency;
        _time = time;
    }

    /// <summary>The most batches running at once across every connection.</summary>
    public int Concurrency { get; }

    /// <summary>The most batches that ever ran at once.</summary>
    public int PeakRunning
    {
        get
        {
            lock (_lock)
            {
                return _peakRunning;
            }
        }
    }

    /// <summary>Adds a welcomed connection; it may get parked capacity at once.</summary>
    public CapacitySlot Register(ICapacityClient client)
    {
        var slot = new CapacitySlot(client);
        lock (_lock)
        {
            _slots.Add(slot);
            ScheduleLocked();
        }

        return slot;
    }

    /// <summary>
    /// A connection ended or began draining: its unused grant returns to the pool; a batch it is
    /// running still counts until <see cref="BatchCompleted"/>.
    /// </summary>
    public void Close(CapacitySlot slot)
    {
        lock (_lock)
        {
            if (slot.Closed)
            {
                return;
            }

            slot.Closed = true;
            slot.Demanding = false;
            if (slot.Granted)
            {
                slot.Granted = false;
                slot.Revoking = false;
                _used--;
            }

            if (!slot.Running)
            {
                _slots.Remove(slot);
            }

            ScheduleLocked();
        }
    }

    /// <summary>The frontend has queries waiting; <paramref name="earliestDeadlineMs"/> is relative to now.</summary>
    public void Demand(CapacitySlot slot, int earliestDeadlineMs)
    {
        lock (_lock)
        {
            // A frontend demands only without a grant: one arriving while a grant is out crossed it on
            // the wire, and the grant will serve it. Remembering it would later grant capacity "on
            // demand" to a frontend that no longer wants it.
            if (slot.Closed || slot.Granted)
            {
                return;
            }

            long now = _time.GetTimestamp();
            slot.Demanding = true;
            slot.LastDemand = now;
            slot.DemandDeadline = now + (earliestDeadlineMs * _time.TimestampFrequency / 1000);
            ScheduleLocked();
        }
    }

    /// <summary>A batch arrived: it must use the connection's grant. False when it holds none (a protocol error).</summary>
    public bool TryStartBatch(CapacitySlot slot)
    {
        lock (_lock)
        {
            if (!slot.Granted)
            {
                return false;
            }

            slot.Granted = false;
            slot.Revoking = false;
            slot.Running = true;
            _running++;
            _peakRunning = Math.Max(_peakRunning, _running);
            return true;
        }
    }

    /// <summary>The frontend gave its grant back. False when it holds none (a protocol error).</summary>
    public bool TryRelease(CapacitySlot slot)
    {
        lock (_lock)
        {
            if (!slot.Granted)
            {
                return false;
            }

            slot.Granted = false;
            slot.Revoking = false;
            _used--;
            ScheduleLocked();
            return true;
        }
    }

    /// <summary>A batch's answer is queued (or its connection is gone): its capacity is free again.</summary>
    public void BatchCompleted(CapacitySlot slot)
    {
        lock (_lock)
        {
            if (!slot.Running)
            {
                return;
            }

            slot.Running = false;
            _running--;
            _used--;
            if (slot.Closed)
            {
                _slots.Remove(slot);
            }

            ScheduleLocked();
        }
    }

    private void ScheduleLocked()
    {
        // Earliest deadline first among the connections that demand and hold nothing.
        while (_used < Concurrency && EarliestDemanderLocked() is { } demander)
        {
            GrantLocked(demander, parked: false);
        }

        if (_used < Concurrency)
        {
            ParkLocked();
            return;
        }

        // Full, yet someone waits: take back capacity parked where nobody uses it. A grant given on
        // demand is left alone: the frontend uses it, or releases it at once when its queue emptied.
        int waiting = 0;
        foreach (var slot in _slots)
        {
            if (slot.Demanding && slot.Idle)
            {
                waiting++;
            }
        }

        foreach (var slot in _slots)
        {
            if (waiting == 0)
            {
                return;
            }

            if (slot.Granted && slot.Parked && !slot.Revoking)
            {
                slot.Revoking = true;
                slot.Client.SendRevoke();
                waiting--;
            }
        }
    }

    private CapacitySlot? EarliestDemanderLocked()
    {
        CapacitySlot? best = null;
        foreach (var slot in _slots)
        {
            if (slot.Demanding && slot.Idle && (best is null || slot.DemandDeadline < best.DemandDeadline))
            {
                best = slot;
            }
        }

        return best;
    }

    // Nobody demands: park what is free at the idle connections that had work most recently.
    private void ParkLocked()
    {
        while (_used < Concurrency)
        {
            CapacitySlot? best = null;
            foreach (var slot in _slots)
            {
                if (slot.Idle && (best is null || slot.LastDemand > best.LastDemand))
                {
                    best = slot;
                }
            }

            if (best is null)
            {
                return;
            }

            GrantLocked(best, parked: true);
        }
    }

    private void GrantLocked(CapacitySlot slot, bool parked)
    {
        slot.Demanding = false;
        slot.Granted = true;
        slot.Parked = parked;
        slot.Revoking = false;
        _used++;
        slot.Client.SendGrant(parked);
    }
}
