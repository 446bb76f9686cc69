"""One connection to a query frontend, from Hello to close.

On the event loop: the read loop parses frames, the heartbeat ticker watches silence, frames are
written by coalescing everything queued in one loop iteration into one write. The predict call
runs on the container's thread pool. Whichever part first sees the end records it with
:meth:`Connection._finish`; the first outcome wins.
"""

import asyncio
import logging
import time
from typing import Optional

from . import codec
from .batches import BatchAnswer, check_inputs, errors, predict_batch
from .framing import read_frame
from .lifecycle import ConnectionLifecycle
from .logs import log_event
from .outcome import Outcome
from .protocol import SILENT_INTERVALS_BEFORE_DISCONNECT, VERSION, MessageType

_log = logging.getLogger("clipper_rpc.connection")


class Connection(ConnectionLifecycle):
    """A frontend connection of a :class:`~clipper_rpc.container.ModelContainer` (its ``owner``)."""

    def __init__(self, owner, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self._owner = owner
        self._options = owner.options
        self._reader = reader
        self._writer = writer
        self._loop = asyncio.get_running_loop()
        self._finished = self._loop.create_future()
        self._pending = []
        self._flush_scheduled = False
        self._slot = None
        self._batch: Optional[asyncio.Task] = None
        self._tasks = []
        self._draining = False
        self._leaving = False
        self._interval = self._options.heartbeat_interval
        self._last_received = self._last_sent = time.monotonic()
        self.was_welcomed = False
        self._version = VERSION
        self.frontend_id: Optional[str] = None
        peer = writer.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        tls = writer.get_extra_info("ssl_object")
        self.transport = f"TLS ({tls.version()})" if tls is not None else "plain TCP"

    async def run(self) -> Outcome:
        """Runs the connection to its end and closes it; returns why it ended."""
        outcome = Outcome.CANCELLED
        try:
            outcome, welcome = await self._handshake()
            if welcome is None:
                return outcome
            self.was_welcomed = True
            self.frontend_id = welcome.frontend_id
            self._version = welcome.protocol_version
            if not self._owner.try_add_live(self, welcome):
                outcome = await self._leave_duplicate(welcome.frontend_id)
                return outcome
            self._interval = welcome.heartbeat_interval_ms / 1000.0
            self._last_received = self._last_sent = time.monotonic()
            self._slot = self._owner.capacity.register(self)
            reader_task = self._loop.create_task(self._read_loop())
            self._tasks += [reader_task, self._loop.create_task(self._heartbeats())]
            if self._owner.draining:
                self.begin_drain(self._owner.drain_reason)
            outcome = await self._finished
            if outcome in (Outcome.DRAINED, Outcome.LEFT_FOR_OTHERS):
                await self._linger(reader_task)
            return outcome
        except asyncio.CancelledError:
            outcome = Outcome.CANCELLED
            raise
        finally:
            for task in self._tasks:
                task.cancel()
            # The predict call in progress must end before the next connection starts another (models need
            # not be thread-safe); when stopping there is no next connection, and a predict function that
            # never returns must not hold up the shutdown.
            if self._batch is not None and outcome not in (Outcome.CANCELLED, Outcome.DRAIN_TIMED_OUT):
                await asyncio.wait((self._batch,))
            if self._slot is not None:
                self._owner.capacity.close(self._slot)
            self._writer.close()

    # ------------------------------------------------------------ handshake

    async def _handshake(self):
        """Sends Hello and waits for Welcome, at most three of the configured heartbeat intervals."""
        o = self._options
        self._writer.write(codec.hello(o.model_name, o.model_version, o.input_type, o.container_id, o.join_token))
        log_event(_log, logging.INFO, "connected", f"connected to the query frontend at {self.peer} over {self.transport}; sent Hello",
                  endpoint=self.peer, transport=self.transport, model=f"{o.model_name}:{o.model_version}", input_type=o.input_type.wire_name, container_id=o.container_id)
        timeout = o.heartbeat_interval * SILENT_INTERVALS_BEFORE_DISCONNECT
        deadline = time.monotonic() + timeout
        while True:
            read = self._loop.create_task(read_frame(self._reader, o.max_frame_bytes))
            try:
                done, _ = await asyncio.wait((read, self._owner.ending), timeout=max(0.0, deadline - time.monotonic()), return_when=asyncio.FIRST_COMPLETED)
            except asyncio.CancelledError:
                read.cancel()
                raise
            if read not in done:
                read.cancel()
                if self._owner.ending.done():
                    return Outcome.DRAINED, None
                log_event(_log, logging.WARNING, "handshake_timed_out", "no Welcome in time; reconnecting", timeout_ms=int(timeout * 1000))
                return Outcome.HANDSHAKE_TIMED_OUT, None
            try:
                received = read.result()
                if received is None:
                    log_event(_log, logging.INFO, "closed_by_frontend", "the query frontend closed the connection before welcoming it")
                    return Outcome.CLOSED_BY_FRONTEND, None
                kind, body = received
                if kind is MessageType.WELCOME:
                    return Outcome.CANCELLED, codec.read_welcome(body)
                if kind is MessageType.GOODBYE:
                    reason = codec.read_goodbye(body)
                    log_event(_log, logging.ERROR, "refused", f"the query frontend refused the hello: {reason}", reason=reason)
                    return Outcome.REFUSED, None
                if kind is not MessageType.HEARTBEAT:
                    raise codec.ProtocolViolation(
                        f"Received a {kind.wire_name} frame before the handshake completed; expected Welcome, Goodbye or Heartbeat."
                    )
                codec.read_signal(body, kind)
            except codec.ProtocolViolation as violation:
                self._log_protocol_error(str(violation))
                return Outcome.PROTOCOL_ERROR, None
            except (ConnectionError, OSError) as error:
                log_event(_log, logging.WARNING, "connection_lost", f"lost the connection to the query frontend: {error}", error=str(error))
                return Outcome.CONNECTION_LOST, None

    async def _leave_duplicate(self, frontend_id: str) -> Outcome:
        log_event(_log, logging.INFO, "left_duplicate", f"already connected to frontend {frontend_id}; leaving this connection", frontend_id=frontend_id)
        self._writer.write(codec.goodbye(f"this container is already connected to frontend {frontend_id}"))
        try:
            await asyncio.wait_for(self._writer.drain(), self._interval)
        except (ConnectionError, OSError, asyncio.TimeoutError):
            pass
        return Outcome.LEFT_FOR_OTHERS

    # ------------------------------------------------------------ reading

    async def _read_loop(self) -> None:
        try:
            while True:
                received = await read_frame(self._reader, self._options.max_frame_bytes)
                if received is None:
                    if self._finish(Outcome.CLOSED_BY_FRONTEND):
                        log_event(_log, logging.INFO, "closed_by_frontend", "the query frontend closed the connection; reconnecting", frontend_id=self.frontend_id)
                    return
                self._last_received = time.monotonic()
                if not self._handle(*received):
                    return
        except codec.ProtocolViolation as violation:
            if self._finish(Outcome.PROTOCOL_ERROR):
                self._log_protocol_error(str(violation))
        except (ConnectionError, OSError) as error:
            if self._finish(Outcome.CONNECTION_LOST):
                log_event(_log, logging.WARNING, "connection_lost", f"lost the connection to the query frontend: {error}", frontend_id=self.frontend_id, error=str(error))
        except Exception as error:  # noqa: BLE001 - a bug here must end the connection loudly, not leave it half-alive
            if self._finish(Outcome.CONNECTION_LOST):
                log_event(_log, logging.ERROR, "unexpected_error", f"unexpected error: {error!r}", exc_info=error, frontend_id=self.frontend_id)

    def _handle(self, kind: MessageType, body: bytes) -> bool:
        """Handles one frame after the handshake; False once the connection is ending."""
        scheduler = self._owner.capacity
        if kind is MessageType.BATCH_REQUEST:
            self._on_batch(body)
        elif kind is MessageType.HEARTBEAT:
            codec.read_signal(body, kind)
        elif kind is MessageType.DEMAND:
            demand = codec.read_demand(body)
            log_event(_log, logging.DEBUG, "capacity", "demand", frame="demand", frontend_id=self.frontend_id, queued=demand.queued)
            scheduler.demand(self._slot, demand.earliest_deadline_ms)
        elif kind is MessageType.RELEASE:
            codec.read_signal(body, kind)
            log_event(_log, logging.DEBUG, "capacity", "release", frame="release", frontend_id=self.frontend_id)
            # After a drain began the grant was already taken back; a Release crossing it is fine.
            if not scheduler.try_release(self._slot) and not self._draining:
                raise codec.ProtocolViolation(
                    "Received a Release without holding a Grant; a frontend releases only a grant it received and has not used."
                )
        elif kind is MessageType.MEMBERSHIP:
            self._owner.on_membership(codec.read_membership(body))
        elif kind is MessageType.GOODBYE:
            reason = codec.read_goodbye(body)
            if self._finish(Outcome.GOODBYE_RECEIVED):
                log_event(_log, logging.INFO, "goodbye_received", f"the query frontend said goodbye: {reason}; reconnecting", frontend_id=self.frontend_id, reason=reason)
            return False
        else:
            raise codec.ProtocolViolation(
                f"Received a {kind.wire_name} frame after the handshake; expected BatchRequest, Heartbeat, Goodbye, Membership, Demand or Release."
            )
        return True

    def _on_batch(self, body: bytes) -> None:
        if self._draining:
            log_event(_log, logging.WARNING, "batch_ignored_while_draining",
                      "ignored a batch that arrived after draining began; the frontend re-queues it when the connection closes", frontend_id=self.frontend_id)
            return
        if not self._owner.capacity.try_start_batch(self._slot):
            raise codec.ProtocolViolation("Received a BatchRequest without holding a Grant; a frontend sends one batch per Grant received.")
        try:
            request = codec.read_batch_request(body, self._version)
        except codec.ProtocolViolation:
            self._owner.capacity.batch_completed(self._slot)
            raise
        inputs, error = check_inputs(request, self._owner.decoder)
        if error is not None:
            log_event(_log, logging.WARNING, "batch_rejected", f"batch {request.batch_id} of {len(request.inputs)} inputs rejected: {error}",
                      batch_id=request.batch_id, count=len(request.inputs), reason=error)
        self._batch = self._loop.create_task(self._answer(request.batch_id, len(request.inputs), inputs, error, request.trace_context))

    async def _answer(self, batch_id: int, count: int, inputs, error: Optional[str], trace_context: Optional[str]) -> None:
        """Predicts on the pool and queues the response; the batch's capacity is free once it is queued."""
        try:
            if error is not None:
                answer = errors(batch_id, count, error, None, self._version)
            else:
                answer: BatchAnswer = await self._owner.run_predict(predict_batch, batch_id, inputs, self._version, trace_context)
                if answer.error is not None:
                    log_event(_log, logging.ERROR, "predict_failed", f"batch {batch_id} of {count} inputs failed: {answer.error}",
                              exc_info=answer.exception, batch_id=batch_id, count=count, reason=answer.error)
            self._send(answer.frame)
        finally:
            # After the answer is queued, so a grant this frees goes out behind it.
            self._owner.capacity.batch_completed(self._slot)

    # ------------------------------------------------------------ writing

    def _send(self, frame: bytes) -> None:
        """Queues a frame; frames queued in one loop iteration leave in one write."""
        self._pending.append(frame)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        # Once the connection ended nothing more goes out (a drain flushes its last responses before ending it).
        if self._pending and not self._finished.done() and not self._writer.is_closing():
            self._writer.write(b"".join(self._pending))
            self._last_sent = time.monotonic()
        self._pending.clear()

    def send_grant(self, parked: bool) -> None:
        log_event(_log, logging.DEBUG, "capacity", "parked grant" if parked else "grant", frame="grant", parked=parked, frontend_id=self.frontend_id)
        self._send(codec.GRANT_PARKED if parked else codec.GRANT_ON_DEMAND)

    def send_revoke(self) -> None:
        log_event(_log, logging.DEBUG, "capacity", "revoke", frame="revoke", frontend_id=self.frontend_id)
        self._send(codec.REVOKE)

    def _finish(self, outcome: Outcome) -> bool:
        if self._finished.done():
            return False
        self._finished.set_result(outcome)
        return True

    def _log_protocol_error(self, reason: str) -> None:
        log_event(_log, logging.ERROR, "protocol_error", f"protocol error from the query frontend, closing the connection: {reason}",
                  frontend_id=self.frontend_id, reason=reason)
