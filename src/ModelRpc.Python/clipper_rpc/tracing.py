"""The trace context of the batch being predicted (protocol version 3).

A frontend that traces sends its batch span as a W3C traceparent with each batch. Debian has no
python3-opentelemetry, so this library records no spans itself; a predict function that does its own
tracing reads the batch's traceparent with :func:`current_traceparent` and continues the trace from it.
"""

import threading
from typing import Optional

_current = threading.local()


def current_traceparent() -> Optional[str]:
    """The W3C traceparent of the batch the calling predict function is answering, or None (no trace,
    a version 2 frontend, or called outside a predict call)."""
    return getattr(_current, "traceparent", None)


def _set(traceparent: Optional[str]) -> None:
    _current.traceparent = traceparent
