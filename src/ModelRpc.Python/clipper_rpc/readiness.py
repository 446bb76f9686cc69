"""The optional file that tells a health check the container is connected and welcomed."""

import logging
import os
from typing import Optional

from .logs import log_event


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
