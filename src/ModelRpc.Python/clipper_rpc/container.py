"""A model container: serves a predict function to Clipper query frontends over protocol version 3 (or 2, when the frontend answers in it).

The bootstrap link reaches the configured frontend (``CLIPPER_IP``/``CLIPPER_PORT``: any one frontend,
or a service in front of them) whenever no connection is up. Every frontend pushes the live
membership, and the container keeps one member link per frontend it should serve (all of them, or
its share past the cap), each reconnecting with its own backoff while the frontend stays listed.
"""

import asyncio
import logging
import ssl
import threading
from typing import Callable, Dict, List, Optional, Sequence

from . import rendezvous
from .backoff import ReconnectBackoff
from .capacity import CapacityScheduler
from .codec import FrontendAddress, Membership, Welcome
from .connection import Connection
from .outcome import Outcome
from .pool import PredictPool
from .inputs import InputDecoder
from .logs import log_event
from .options import TLS_CA, ContainerOptions
from .protocol import DRAINING_REASON
from .readiness import Readiness, ReadinessFile

_log = logging.getLogger("clipper_rpc.container")


class ModelContainer(Readiness):
    """Serves ``predict(inputs) -> outputs`` until stopped or drained.

    ``predict`` takes a list of inputs (see :mod:`clipper_rpc.inputs` for their types) and returns one
    output per input, in order (see :mod:`clipper_rpc.outputs`). It runs on a pool of
    ``options.concurrency`` threads, never on the event loop, and never for more than that many
    batches at once across all frontends; with the default concurrency of 1 it need not be thread-safe.
    """

    def __init__(self, options: ContainerOptions, predict: Callable[[list], Sequence]):
        if not callable(predict):
            raise TypeError(f"predict is {type(predict).__name__}; expected a callable taking a list of inputs")
        self.options = options.validated()
        self._tls = self.options.tls_context()
        self.decoder = InputDecoder(self.options.input_type, self.options.numpy_inputs)
        self.predict = predict
        self.capacity = CapacityScheduler(self.options.concurrency)
        self._pool = PredictPool(self.options.concurrency)
        self._backoff = ReconnectBackoff(self.options.reconnect_initial_delay, self.options.reconnect_max_delay, self.options.random)
        self._ready_file = ReadinessFile(self.options.ready_file, _log)
        self._live: Dict[str, Connection] = {}
        self._targets: Dict[str, FrontendAddress] = {}
        self._running_links = set()
        self._link_tasks: List[asyncio.Task] = []
        self._cap = 0
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._changed: Optional[asyncio.Future] = None
        self.ending: Optional[asyncio.Future] = None
        self.draining = False
        self.drain_reason = DRAINING_REASON
        self._ready = False
        self._readiness_closed = False
        self.replica_id: Optional[int] = None
        self.ready_event = threading.Event()
        self._started = False
        self._drain_before_run = False
        self._thread_id: Optional[int] = None

    # ------------------------------------------------------------ public surface

    @property
    def connected_frontends(self) -> List[str]:
        """The ids of the frontends this container is connected to and welcomed by, sorted."""
        return sorted(self._live)

    @property
    def peak_concurrency(self) -> int:
        """The most batches that ever ran at once, across all frontends."""
        return self.capacity.peak_running

    @property
    def busy_predict_threads(self) -> int:
        """How many predict calls are running now (a thread stays busy until the user's function returns)."""
        return self._pool.busy

    async def run(self) -> None:
        """Serves until a drain finishes or the task running it is cancelled (a hard stop). Call it once."""
        if self._started:
            raise RuntimeError("ModelContainer.run was already called; a container runs once. Create a new container to run again.")
        self._started = True
        self._loop = asyncio.get_running_loop()
        self._thread_id = threading.get_ident()
        self._changed = self._loop.create_future()
        self.ending = self._loop.create_future()
        if self._drain_before_run:
            self._begin_drain(self.drain_reason)
        # A file left by a previous process in this container must not claim readiness.
        self._ready_file.delete()
        try:
            await self._serve()
        finally:
            self._stop_readiness()
            for task in self._link_tasks:
                task.cancel()
            self._pool.shutdown()
            log_event(_log, logging.INFO, "stopped", "model container stopped")

    def drain(self, reason: str = DRAINING_REASON) -> None:
        """Drains gracefully: not ready, Goodbye to every frontend, no new batch, answer the batches held, close,
        and make :meth:`run` return. Safe from any thread and more than once."""
        loop = self._loop
        if loop is None:
            self._drain_before_run = True
            self.drain_reason = reason
            return
        try:
            if threading.get_ident() == self._thread_id:
                self._begin_drain(reason)
            else:
                loop.call_soon_threadsafe(self._begin_drain, reason)
        except RuntimeError:
            pass  # the loop already closed: nothing left to drain

    async def run_predict(self, function: Callable, *args):
        """Runs ``function(predict, *args, max_frame_bytes)`` on a predict thread."""
        return await self._pool.run(function, self.predict, *args, self.options.max_frame_bytes)

    # ------------------------------------------------------------ links

    async def _serve(self) -> None:
        await self._bootstrap_link()
        self._close_links()
        while self._link_tasks:
            tasks, self._link_tasks = self._link_tasks, []
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _bootstrap_link(self) -> None:
        failed = False
        while True:
            if not await self._wait_until(lambda: not self._live) or (failed and not await self._delay(self._backoff)):
                return
            outcome = await self._connect_and_run(self.options.frontend_host, self.options.frontend_port, self._backoff)
            if outcome.final:
                return
            failed = outcome is not Outcome.LEFT_FOR_OTHERS

    async def _member_link(self, frontend_id: str) -> None:
        backoff = ReconnectBackoff(self.options.reconnect_initial_delay, self.options.reconnect_max_delay, self.options.random)
        failed = False
        try:
            while True:
                if not await self._wait_until(lambda: frontend_id not in self._live):
                    return
                target = self._targets.get(frontend_id)
                if target is None or (failed and not await self._delay(backoff)):
                    return
                outcome = await self._connect_and_run(target.host, target.port, backoff)
                if outcome.final:
                    return
                failed = outcome is not Outcome.LEFT_FOR_OTHERS
        finally:
            # No await between the check above and this removal, so a frontend listed again gets a new link.
            self._running_links.discard(frontend_id)

    async def _connect_and_run(self, host: str, port: int, backoff: ReconnectBackoff) -> Outcome:
        streams = await self._connect(host, port, backoff)
        if streams is None:
            return Outcome.CONNECTION_LOST
        connection = Connection(self, *streams)
        try:
            return await connection.run()
        finally:
            self._on_connection_ended(connection)
            if connection.was_welcomed:
                backoff.reset()

    async def _connect(self, host: str, port: int, backoff: ReconnectBackoff):
        """Connects (every address the host resolves to, in turn) or logs why not and returns None."""
        log_event(_log, logging.DEBUG, "connecting", f"connecting to the query frontend at {host}:{port}", host=host, port=port)
        if self._tls is None:
            attempt = self._loop.create_task(asyncio.open_connection(host, port, limit=1 << 20))
        else:
            # The handshake counts against connect_timeout as the TCP connect does.
            attempt = self._loop.create_task(asyncio.open_connection(
                host, port, limit=1 << 20, ssl=self._tls, server_hostname=self.options.tls_server_name or host,
                ssl_handshake_timeout=self.options.connect_timeout))
        try:
            done, _ = await asyncio.wait((attempt, self.ending), timeout=self.options.connect_timeout, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            attempt.cancel()
            raise
        if attempt not in done:
            attempt.cancel()
            if self.ending.done():
                return None
            reason = f"timed out after {int(self.options.connect_timeout * 1000)} ms (connect_timeout)"
        elif attempt.exception() is not None:
            reason = str(attempt.exception()) or type(attempt.exception()).__name__
            if isinstance(attempt.exception(), ssl.SSLError):
                reason = (f"the TLS handshake failed: {reason} (tls_ca/{TLS_CA}: {self.options.tls_ca or 'the system CA store'}, "
                          f"server name '{self.options.tls_server_name or host}')")
        else:
            return attempt.result()
        log_event(_log, logging.INFO, "connect_failed", f"could not connect to the query frontend at {host}:{port} (attempt {backoff.attempt + 1}): {reason}",
                  host=host, port=port, attempt=backoff.attempt + 1, reason=reason)
        return None

    async def _delay(self, backoff: ReconnectBackoff) -> bool:
        delay = backoff.next_delay()
        log_event(_log, logging.DEBUG, "reconnect_scheduled", f"reconnecting in {int(delay * 1000)} ms", delay_ms=int(delay * 1000))
        await asyncio.wait((self.ending,), timeout=delay)
        return not self.ending.done()

    async def _wait_until(self, condition: Callable[[], bool]) -> bool:
        """Waits until the condition holds; False once draining or closed."""
        while True:
            if self.ending.done():
                return False
            if condition():
                return True
            await asyncio.shield(self._changed)

    def _signal_changed(self) -> None:
        self._changed.set_result(None)
        self._changed = self._loop.create_future()

    def _close_links(self) -> None:
        if not self.ending.done():
            self.ending.set_result(None)
        self._signal_changed()

    # ------------------------------------------------------------ membership

    def on_membership(self, membership: Membership) -> None:
        """Starts a link to each frontend this container should serve and has none to; forgets the others
        (a link that is up stays up); past the cap, asks connections outside the share to leave."""
        wanted = rendezvous.choose(self.options.container_id, membership)
        log_event(_log, logging.INFO, "membership", f"membership of {len(membership.frontends)} frontends; serving {len(wanted)}",
                  frontends=len(membership.frontends), serving=len(wanted), cap=membership.max_frontends_per_replica)
        if self.ending.done():
            return
        self._targets = {frontend.id: frontend for frontend in wanted}
        for frontend in wanted:
            if frontend.id not in self._running_links:
                self._running_links.add(frontend.id)
                self._link_tasks.append(self._loop.create_task(self._member_link(frontend.id)))
        self._cap = membership.max_frontends_per_replica
        self._leave_outside_share()

    def _leave_outside_share(self) -> None:
        """Past the cap, once more frontends are connected than it allows, connections outside the share leave."""
        if self._cap <= 0 or len(self._live) <= self._cap:
            return
        for frontend_id, connection in list(self._live.items()):
            if frontend_id not in self._targets:
                connection.leave(f"this container serves {self._cap} frontends (the frontends' max_frontends_per_replica) and this one is outside its share")

    def try_add_live(self, connection: Connection, welcome: Welcome) -> bool:
        """Registers a welcomed connection; False when this frontend already has one (the new one must leave)."""
        if welcome.frontend_id in self._live:
            return False
        self._live[welcome.frontend_id] = connection
        self._signal_changed()
        self._on_welcomed(welcome)
        self._leave_outside_share()
        return True

    def _on_connection_ended(self, connection: Connection) -> None:
        frontend_id = connection.frontend_id
        if frontend_id is None or self._live.get(frontend_id) is not connection:
            return
        del self._live[frontend_id]
        self._signal_changed()
        if not self._live:
            self._mark_not_ready("disconnected from every frontend")

    # ------------------------------------------------------------ drain

    def _begin_drain(self, reason: str) -> None:
        if self.draining:
            return
        self.draining = True
        self.drain_reason = reason
        self._stop_readiness()
        log_event(_log, logging.INFO, "draining", f"draining ({reason}): no new batch; answering the batches held", reason=reason, frontends=len(self._live))
        self._close_links()
        for connection in list(self._live.values()):
            connection.begin_drain(reason)
