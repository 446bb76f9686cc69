"""The timed parts of a connection's life: heartbeats, draining, lingering after the last response.

A mixin of :class:`~clipper_rpc.connection.Connection`, which owns the state it uses.
"""

import asyncio
import logging
import time

from . import codec
from .logs import log_event
from .outcome import Outcome
from .protocol import SILENT_INTERVALS_BEFORE_DISCONNECT

_log = logging.getLogger("clipper_rpc.connection")


class ConnectionLifecycle:
    async def _heartbeats(self) -> None:
        """Ticks every half interval: a heartbeat after one idle interval, and three silent intervals end the connection."""
        period = max(0.001, self._interval / 2)
        limit = self._interval * SILENT_INTERVALS_BEFORE_DISCONNECT
        while True:
            await asyncio.sleep(period)
            now = time.monotonic()
            silence = now - self._last_received
            if silence >= limit:
                if self._finish(Outcome.HEARTBEAT_TIMED_OUT):
                    log_event(_log, logging.WARNING, "heartbeat_timed_out",
                              f"heard nothing from the query frontend for {int(silence * 1000)} ms ({SILENT_INTERVALS_BEFORE_DISCONNECT} heartbeat intervals); reconnecting",
                              frontend_id=self.frontend_id, silence_ms=int(silence * 1000))
                return
            if now - self._last_sent >= self._interval:
                # Counted as sent now, so a heartbeat is not queued twice before the write.
                self._last_sent = now
                self._send(codec.HEARTBEAT)

    def begin_drain(self, reason: str, leaving: bool = False) -> None:
        """Goodbye, no new batch, answer the batch held, then close. ``leaving``: the container stays, this frontend is outside its share."""
        if self._draining or self._finished.done():
            return
        self._draining = True
        self._leaving = leaving
        log_event(_log, logging.INFO, "drain_started", f"draining ({reason}): sent Goodbye, finishing the batch in flight", frontend_id=self.frontend_id, reason=reason)
        if self._slot is not None:
            self._owner.capacity.close(self._slot)
        self._send(codec.goodbye(reason))
        self._tasks.append(self._loop.create_task(self._finish_drain()))

    async def _finish_drain(self) -> None:
        if self._batch is not None and not self._batch.done():
            try:
                await asyncio.wait_for(asyncio.shield(self._batch), self._options.drain_timeout)
            except asyncio.TimeoutError:
                if self._finish(Outcome.DRAIN_TIMED_OUT):
                    log_event(_log, logging.WARNING, "drain_timed_out", "drain timed out with a batch still in flight; closing anyway (drain_timeout)",
                              frontend_id=self.frontend_id, timeout_ms=int(self._options.drain_timeout * 1000))
                return
        self._flush()
        if self._finish(Outcome.LEFT_FOR_OTHERS if self._leaving else Outcome.DRAINED):
            log_event(_log, logging.INFO, "drained", "drained: every batch in flight was answered; closing", frontend_id=self.frontend_id)

    async def _linger(self, reader_task: asyncio.Task) -> None:
        """Half-closes and waits for the frontend to close: closing with unread bytes would send a reset,
        which can make the frontend discard the last response unread."""
        try:
            if self._writer.can_write_eof():
                self._writer.write_eof()
            # TLS has no half-close in asyncio: the frontend closes after the Goodbye anyway, and the wait is bounded.
        except (OSError, RuntimeError):
            return
        await asyncio.wait((reader_task,), timeout=self._interval * SILENT_INTERVALS_BEFORE_DISCONNECT)

    def leave(self, reason: str) -> None:
        """Leaves this frontend gracefully (outside the container's share past the cap)."""
        self.begin_drain(reason, leaving=True)

