"""Sharing a container's concurrency among its frontend connections (the capacity frames).

Work is pulled: a frontend with queued queries sends Demand (with its earliest deadline); free
capacity goes to the demanding connection with the earliest deadline as a Grant, good for one
batch. Capacity nobody demands is parked as a grant at the idle connection that demanded last, so
a lone frontend never waits a round trip; when another connection demands and nothing is free, the
container revokes a parked grant, which comes back as a Release (or as the batch it was used for).
Grants given on demand are never revoked.

Everything here runs on the event loop's thread, so no lock is needed; clients only queue frames.
"""

import time
from typing import Callable, List, Optional, Protocol


class CapacityClient(Protocol):
    """One frontend connection as the scheduler sees it: where grants and revocations go."""

    def send_grant(self, parked: bool) -> None: ...

    def send_revoke(self) -> None: ...


class CapacitySlot:
    """The scheduler's state for one connection, which holds at most one unit: an unused grant or a running batch."""

    __slots__ = ("client", "granted", "parked", "revoking", "running", "demanding", "demand_deadline", "last_demand", "closed")

    def __init__(self, client: CapacityClient):
        self.client = client
        self.granted = False
        self.parked = False
        self.revoking = False
        self.running = False
        self.demanding = False
        self.demand_deadline = 0.0
        self.last_demand = 0.0
        self.closed = False

    @property
    def idle(self) -> bool:
        return not self.granted and not self.running and not self.closed


class CapacityScheduler:
    """Never more than ``concurrency`` batches at once, whichever frontends they come from."""

    def __init__(self, concurrency: int, clock: Callable[[], float] = time.monotonic):
        if concurrency < 1:
            raise ValueError(f"concurrency is {concurrency}; expected at least 1")
        self.concurrency = concurrency
        self._clock = clock
        self._slots: List[CapacitySlot] = []
        self._used = 0
        self._running = 0
        self.peak_running = 0

    @property
    def running(self) -> int:
        """How many batches run now."""
        return self._running

    def register(self, client: CapacityClient) -> CapacitySlot:
        """Adds a welcomed connection; it may get parked capacity at once."""
        slot = CapacitySlot(client)
        self._slots.append(slot)
        self._schedule()
        return slot

    def close(self, slot: CapacitySlot) -> None:
        """A connection ended or began draining: its unused grant returns; a running batch counts until it completes."""
        if slot.closed:
            return
        slot.closed = True
        slot.demanding = False
        if slot.granted:
            slot.granted = False
            slot.revoking = False
            self._used -= 1
        if not slot.running:
            self._slots.remove(slot)
        self._schedule()

    def demand(self, slot: CapacitySlot, earliest_deadline_ms: int) -> None:
        """The frontend has queries waiting; the deadline is relative to now."""
        # A Demand arriving while a grant is out crossed it on the wire: the grant serves it. Keeping it
        # would later grant capacity "on demand" to a frontend that no longer wants it.
        if slot.closed or slot.granted:
            return
        now = self._clock()
        slot.demanding = True
        slot.last_demand = now
        slot.demand_deadline = now + earliest_deadline_ms / 1000.0
        self._schedule()

    def try_start_batch(self, slot: CapacitySlot) -> bool:
        """A batch arrived: it uses the connection's grant. False when it holds none (a protocol error)."""
        if not slot.granted:
            return False
        slot.granted = False
        slot.revoking = False
        slot.running = True
        self._running += 1
        self.peak_running = max(self.peak_running, self._running)
        return True

    def try_release(self, slot: CapacitySlot) -> bool:
        """The frontend gave its grant back. False when it holds none (a protocol error)."""
        if not slot.granted:
            return False
        slot.granted = False
        slot.revoking = False
        self._used -= 1
        self._schedule()
        return True

    def batch_completed(self, slot: CapacitySlot) -> None:
        """A batch's answer is queued (or its predict call ended after the connection was lost)."""
        if not slot.running:
            return
        slot.running = False
        self._running -= 1
        self._used -= 1
        if slot.closed:
            self._slots.remove(slot)
        self._schedule()

    def _schedule(self) -> None:
        # Earliest deadline first among the connections that demand and hold nothing.
        while self._used < self.concurrency:
            demander = self._earliest_demander()
            if demander is None:
                break
            self._grant(demander, parked=False)
        if self._used < self.concurrency:
            self._park()
            return
        # Full, yet someone waits: take back capacity parked where nobody uses it.
        waiting = sum(1 for slot in self._slots if slot.demanding and slot.idle)
        for slot in self._slots:
            if waiting == 0:
                return
            if slot.granted and slot.parked and not slot.revoking:
                slot.revoking = True
                slot.client.send_revoke()
                waiting -= 1

    def _earliest_demander(self) -> Optional[CapacitySlot]:
        best = None
        for slot in self._slots:
            if slot.demanding and slot.idle and (best is None or slot.demand_deadline < best.demand_deadline):
                best = slot
        return best

    def _park(self) -> None:
        # Nobody demands: park what is free at the idle connections that had work most recently.
        while self._used < self.concurrency:
            best = None
            for slot in self._slots:
                if slot.idle and (best is None or slot.last_demand > best.last_demand):
                    best = slot
            if best is None:
                return
            self._grant(best, parked=True)

    def _grant(self, slot: CapacitySlot, parked: bool) -> None:
        slot.demanding = False
        slot.granted = True
        slot.parked = parked
        slot.revoking = False
        self._used += 1
        slot.client.send_grant(parked)
