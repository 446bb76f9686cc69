"""Answering one batch: decode its inputs, call the predict function, encode the response.

:func:`predict_batch` runs on a worker thread of the container's pool, never on the event loop: it
calls user code and serialises the outputs, both of which may take long.
"""

import time
from dataclasses import dataclass
from typing import Callable, Optional

from . import codec, tracing
from .inputs import InputDecoder, describe_type_code
from .outputs import describe_exception, encode_outputs
from .protocol import FRAME_HEADER_BYTES, VERSION, MessageType


@dataclass
class BatchAnswer:
    """The response frame, and when the whole batch failed, why (with the exception, if any)."""

    frame: bytes
    error: Optional[str] = None
    exception: Optional[BaseException] = None


def check_inputs(request: codec.BatchRequest, decoder: InputDecoder):
    """The decoded inputs, or ``(None, error)`` when they do not fit the container's input type.

    Such a batch is answered with the error for every input and the connection stays up: closing it
    would make the frontend re-queue the same batch to the next replica, where it would fail the same way.
    """
    expected = decoder.input_type
    if request.input_type_code != expected.value:
        return None, (
            f"BatchRequest.input_type_code: expected {expected.value} ({expected.wire_name}), the type this container serves, "
            f"received {describe_type_code(request.input_type_code)}."
        )
    return decoder.decode(request.inputs)


def errors(batch_id: int, count: int, error: str, exception: Optional[BaseException] = None,
           version: int = VERSION, model_time_us: int = 0) -> BatchAnswer:
    """Every input of the batch answered with the same error."""
    body = codec.batch_errors_body(batch_id, count, error, version, model_time_us)
    return BatchAnswer(codec.frame(MessageType.BATCH_RESPONSE, body), error, exception)


def predict_batch(predict: Callable, batch_id: int, inputs: list, version: int, trace_context: Optional[str],
                  max_frame_bytes: int) -> BatchAnswer:
    """Calls ``predict(inputs)`` and builds the BatchResponse frame in the connection's ``version``:
    version 3 reports how long the call took, in microseconds, and makes the batch's traceparent
    available to the predict function (:func:`clipper_rpc.tracing.current_traceparent`).

    An exception from the predict function, or outputs that are not one per input, answer every input
    with an error naming the cause; an output that is an Exception (or not serialisable) fails only its input.
    A response larger than ``max_frame_bytes`` is answered with errors naming the limit.
    """
    count = len(inputs)
    started = time.perf_counter_ns()
    tracing._set(trace_context)
    try:
        outputs = predict(inputs)
    except Exception as exception:  # noqa: BLE001 - any failure of user code answers the batch with errors
        return errors(batch_id, count, f"predict function threw {describe_exception(exception)}", exception,
                      version, (time.perf_counter_ns() - started) // 1000)
    finally:
        tracing._set(None)
    model_time_us = (time.perf_counter_ns() - started) // 1000
    results, problem = encode_outputs(outputs, count)
    if problem is not None:
        return errors(batch_id, count, problem, None, version, model_time_us)
    body = codec.batch_response_body(batch_id, results, version, model_time_us)
    size = len(body) + FRAME_HEADER_BYTES
    if size > max_frame_bytes:
        return errors(batch_id, count, f"the outputs make a response of {size} bytes; expected at most {max_frame_bytes} bytes (max_frame_bytes)",
                      None, version, model_time_us)
    return BatchAnswer(codec.frame(MessageType.BATCH_RESPONSE, body))
