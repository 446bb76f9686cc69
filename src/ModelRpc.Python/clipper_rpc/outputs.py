"""Turning what a predict function returned into the results of a BatchResponse.

A predict function returns one output per input, in order (a list, a tuple, a numpy array...):

* a ``str`` is sent as it is (the frontend answers it as JSON when it parses as JSON, else as a string);
* an :class:`Exception` instance (for example ``ValueError("expected 4 features")``) fails just that
  input: its answer is an error naming the exception's type and message;
* anything else is sent as ``json.dumps(value)``; numpy scalars and arrays are converted with
  ``tolist()`` first. A value that cannot be serialised fails just that input, naming its type.
"""

import json
from typing import List, Optional, Tuple


def _to_json_default(value):
    # numpy scalars and arrays (and anything else offering tolist/item) become plain Python values.
    for method in ("tolist", "item"):
        convert = getattr(value, method, None)
        if callable(convert):
            return convert()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def describe_exception(error: BaseException) -> str:
    """``TypeName: message`` (just the type name when the message is empty)."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def encode_output(index: int, count: int, value) -> object:
    """One result: the output string, or ``[error_message]`` when that input failed."""
    if type(value) is str:
        return value
    if isinstance(value, BaseException):
        return [f"predict function failed input {index} of {count}: {describe_exception(value)}"]
    if isinstance(value, str):
        return str(value)
    try:
        return json.dumps(value, default=_to_json_default, allow_nan=False)
    except (TypeError, ValueError, OverflowError, RecursionError) as error:
        return [
            f"predict function returned output {index} of {count} of type {type(value).__name__}, "
            f"which is neither a str nor JSON-serialisable ({error})"
        ]


def encode_outputs(outputs, count: int) -> Tuple[Optional[List[object]], Optional[str]]:
    """Results for a whole batch, or ``(None, error)`` when the outputs as a whole are unusable.

    The whole batch fails when the predict function returned something that is not a sequence, or a
    sequence whose length differs from the number of inputs.
    """
    if outputs is None:
        return None, f"predict function returned None instead of {count} outputs"
    if isinstance(outputs, (str, bytes, dict)) or not hasattr(outputs, "__len__") or not hasattr(outputs, "__getitem__"):
        return None, f"predict function returned {type(outputs).__name__}; expected a list of {count} outputs, one per input"
    received = len(outputs)
    if received != count:
        return None, f"predict function returned {received} outputs for {count} inputs"
    return [encode_output(i, count, outputs[i]) for i in range(count)], None
