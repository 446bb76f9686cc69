"""Structured logging on the standard :mod:`logging` module.

Every record the library writes carries an ``event`` name (stable: alerts may match on it) and its
fields in ``record.fields`` (a dict), besides a readable message. :class:`KeyValueFormatter` prints
them as ``key=value`` pairs and :class:`JsonFormatter` as one JSON object per line; any other
handler sees the plain message. Loggers are named ``clipper_rpc.*``.
"""

import json
import logging
import time

_RESERVED = ("event", "fields")


def log_event(logger: logging.Logger, level: int, event: str, message: str, exc_info=None, **fields) -> None:
    """Logs ``message`` with the event name and fields attached to the record."""
    if logger.isEnabledFor(level):
        logger.log(level, message, exc_info=exc_info, extra={"event": event, "fields": fields})


def _fields(record: logging.LogRecord) -> dict:
    fields = getattr(record, "fields", None)
    return fields if isinstance(fields, dict) else {}


def _quote(value) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n\t'):
        return json.dumps(text)
    return text


class KeyValueFormatter(logging.Formatter):
    """``2026-12-07T01:02:03.456Z INFO clipper_rpc.connection welcomed frontend_id=f1 ... msg="..."``."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"
        event = getattr(record, "event", None) or "log"
        parts = [stamp, record.levelname, record.name, event]
        parts.extend(f"{key}={_quote(value)}" for key, value in _fields(record).items())
        parts.append("msg=" + json.dumps(record.getMessage()))
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


# Python's level names as .NET's LogLevel names, so a cluster's JSON lines read alike whatever wrote them.
_LOG_LEVELS = {"DEBUG": "Debug", "INFO": "Information", "WARNING": "Warning", "ERROR": "Error", "CRITICAL": "Critical"}


def _json_value(value):
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object per line in the shape of .NET's JSON console logs, which every other process of a cluster writes.

    ``Timestamp`` (UTC, milliseconds), ``EventId`` (0: events are named), ``LogLevel`` (``Information``, ``Warning``...),
    ``Category`` (the logger's name), ``Message``, ``State`` (``Message``, ``Event``: the stable event name, and every
    field) and, for a failure, ``Exception``.
    """

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        state = {"Message": message, "Event": getattr(record, "event", None) or "log"}
        for key, value in _fields(record).items():
            state.setdefault(key, _json_value(value))
        document = {
            "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "EventId": 0,
            "LogLevel": _LOG_LEVELS.get(record.levelname, record.levelname.title()),
            "Category": record.name,
            "Message": message,
        }
        if record.exc_info:
            document["Exception"] = self.formatException(record.exc_info)
        document["State"] = state
        return json.dumps(document)


def configure(level: str = "INFO", fmt: str = "text") -> None:
    """Sends the library's records (and the root logger's) to stderr in the given format (``text`` or ``json``)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
