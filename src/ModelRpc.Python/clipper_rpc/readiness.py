"""Readiness: connected to and welcomed by a frontend; and the optional file that tells a health check so."""

import logging
import os
from typing import Optional

from .codec import Welcome
from .logs import log_event

_log = logging.getLogger("clipper_rpc.container")


class ReadinessFile:
    """Creating or deleting the file may fail; that is logged, not fatal: the container still serves."""

    def __init__(self, path: Optional[str], logger: logging.Logger):
        self._path = path
        self._logger = logger

    def create(self) -> None:
        if self._path is None:
            return
        try:
            with open(self._path, "w", encoding="utf-8"):
                pass
        except OSError as error:
            log_event(self._logger, logging.WARNING, "ready_file_failed", "could not create the ready file", action="create", path=self._path, error=str(error))

    def delete(self) -> None:
        if self._path is None:
            return
        try:
            os.remove(self._path)
        except FileNotFoundError:
            pass
        except OSError as error:
            log_event(self._logger, logging.WARNING, "ready_file_failed", "could not delete the ready file", action="delete", path=self._path, error=str(error))


class Readiness:
    """A mixin of :class:`~clipper_rpc.container.ModelContainer`: ready while a frontend has welcomed it and it
    is not draining; the ready file and ``ready_event`` follow."""

    @property
    def is_ready(self) -> bool:
        """Connected to and welcomed by at least one frontend, and not draining."""
        return self._ready

    def _on_welcomed(self, welcome: Welcome) -> None:
        if self._readiness_closed:
            return
        self._ready = True
        self.replica_id = welcome.replica_id
        self._ready_file.create()
        self.ready_event.set()
        log_event(_log, logging.INFO, "welcomed",
                  f"welcomed by frontend {welcome.frontend_id} as replica {welcome.replica_id} (heartbeat {welcome.heartbeat_interval_ms} ms); ready",
                  frontend_id=welcome.frontend_id, replica_id=welcome.replica_id, heartbeat_interval_ms=welcome.heartbeat_interval_ms)

    def _mark_not_ready(self, reason: str) -> None:
        if not self._ready:
            return
        self._ready = False
        self.replica_id = None
        self._ready_file.delete()
        self.ready_event.clear()
        log_event(_log, logging.INFO, "not_ready", f"not ready: {reason}", reason=reason)

    def _stop_readiness(self) -> None:
        self._mark_not_ready("stopped")
        self._readiness_closed = True

