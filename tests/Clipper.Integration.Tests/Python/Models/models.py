"""Predict functions the cross-language tests serve with clipper_rpc against the real .NET query frontend."""

import base64
import json
import os
import sys
import threading
import time

_SLEEP = float(os.environ.get("MODEL_SLEEP_SECONDS", "0"))
_lock = threading.Lock()
_running = 0
_peak = 0


def describe(inputs):
    """Each input as JSON: its Python type and its value (bytes as base64)."""
    outputs = []
    for x in inputs:
        if isinstance(x, bytes):
            outputs.append({"type": "bytes", "value": base64.b64encode(x).decode("ascii")})
        elif isinstance(x, str):
            outputs.append({"type": "str", "value": x})
        else:
            outputs.append({"type": f"{type(x).__name__}:{x.dtype}", "value": x.tolist()})
    return outputs


def picky(inputs):
    """Fails the inputs whose first number is negative, answers the others with their sum."""
    return [ValueError(f"negative first value {x[0]}") if len(x) and x[0] < 0 else float(x.sum()) for x in inputs]


def slow(inputs):
    """Sleeps MODEL_SLEEP_SECONDS per batch and prints how many batches ran at once (the peak so far)."""
    global _running, _peak
    with _lock:
        _running += 1
        _peak = max(_peak, _running)
        peak = _peak
    print(f"batch of {len(inputs)}: running {_running}, peak {peak}", file=sys.stderr, flush=True)
    try:
        time.sleep(_SLEEP)
        return [json.dumps(float(x.sum())) for x in inputs]
    finally:
        with _lock:
            _running -= 1
