"""Frames and message bodies of the protocol, both ways.

Writers return whole frames (length prefix, type byte, MessagePack body). Readers take a frame's
body and return the message, or raise :class:`ProtocolViolation` whose text names the field, what
was received and what was expected, as the .NET library words it.
"""

import re
import struct
from dataclasses import dataclass
from typing import List, Optional, Tuple

import msgpack

from .inputs import InputType, describe_value
from .protocol import (
    LENGTH_PREFIX_BYTES,
    MAX_FRONTEND_ID_BYTES,
    MAX_HOST_BYTES,
    MAX_MEMBERSHIP_FRONTENDS,
    MIN_VERSION,
    TRACING_VERSION,
    VERSION,
    MessageType,
)

_PREFIX = struct.Struct(">I")
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_UINT64_MAX = 2**64 - 1
_NIL = b"\xc0"


class ProtocolViolation(Exception):
    """The peer sent something the protocol does not allow; the connection closes."""


@dataclass(frozen=True)
class Welcome:
    replica_id: int
    heartbeat_interval_ms: int
    frontend_id: str
    #: The connection's version: it decides the shape of the batch frames.
    protocol_version: int = VERSION


@dataclass(frozen=True)
class FrontendAddress:
    id: str
    host: str
    port: int


@dataclass(frozen=True)
class Membership:
    max_frontends_per_replica: int
    frontends: Tuple[FrontendAddress, ...]


@dataclass(frozen=True)
class Demand:
    queued: int
    earliest_deadline_ms: int


@dataclass(frozen=True)
class BatchRequest:
    """A batch as read off the wire: inputs still raw (``bin`` or ``str`` values)."""

    batch_id: int
    input_type_code: object
    inputs: list
    #: Version 3: the frontend's batch span as a W3C traceparent; None when the frame carried nil or a
    #: str that is not a valid traceparent (ignored, not a protocol error).
    trace_context: Optional[str] = None


# ---------------------------------------------------------------- writing


def frame(message_type: MessageType, body: bytes) -> bytes:
    """A whole frame: the big-endian length of type byte plus body, the type byte, the body."""
    return _PREFIX.pack(len(body) + 1) + bytes((message_type,)) + body


def _pack(value) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


def hello(model_name: str, model_version: str, input_type: InputType, container_id: str, join_token: Optional[str] = None) -> bytes:
    """Hello: ``[version, model_name, model_version, input_type, container_id]``, and ``join_token`` sixth when given."""
    fields = [VERSION, model_name, model_version, input_type.wire_name, container_id]
    if join_token is not None:
        fields.append(join_token)
    return frame(MessageType.HELLO, _pack(fields))


def goodbye(reason: str) -> bytes:
    return frame(MessageType.GOODBYE, _pack([reason]))


HEARTBEAT = frame(MessageType.HEARTBEAT, _NIL)
REVOKE = frame(MessageType.REVOKE, _NIL)
GRANT_PARKED = frame(MessageType.GRANT, b"\xc3")
GRANT_ON_DEMAND = frame(MessageType.GRANT, b"\xc2")


def batch_response_body(batch_id: int, results: List[object], version: int = VERSION, model_time_us: int = 0) -> bytes:
    """A BatchResponse body: each result a ``str`` (the output) or ``[error_message]``; version 3 adds the
    microseconds the predict function took."""
    if version >= TRACING_VERSION:
        return _pack([batch_id, results, model_time_us])
    return _pack([batch_id, results])


def batch_errors_body(batch_id: int, count: int, error: str, version: int = VERSION, model_time_us: int = 0) -> bytes:
    return batch_response_body(batch_id, [[error]] * count, version, model_time_us)


# ---------------------------------------------------------------- reading


def unpack_body(body: bytes, message: str):
    """Exactly one well-formed MessagePack value, with ``str`` as text and ``bin`` as bytes."""
    try:
        return msgpack.unpackb(body, raw=False, strict_map_key=False, use_list=True)
    except msgpack.ExtraData as extra:
        raise ProtocolViolation(
            f"{message}: expected exactly one MessagePack value, received {len(extra.extra)} more bytes after it."
        ) from None
    except (ValueError, msgpack.UnpackException, UnicodeDecodeError) as error:
        raise ProtocolViolation(f"{message}: the body is not well-formed MessagePack ({error}).") from None


def _array(value, field: str, expected_length=None) -> list:
    if not isinstance(value, list):
        raise ProtocolViolation(f"{field}: expected an array, received {describe_value(value)}.")
    if expected_length is not None and len(value) != expected_length:
        raise ProtocolViolation(
            f"{field}: expected an array of {expected_length} elements, received an array of {len(value)}."
        )
    return value


def _int(value, field: str, minimum: int, maximum: int = _INT32_MAX) -> int:
    if type(value) is not int:
        raise ProtocolViolation(f"{field}: expected an integer, received {describe_value(value)}.")
    if not minimum <= value <= maximum:
        raise ProtocolViolation(f"{field}: expected an integer from {minimum} to {maximum}, received {value}.")
    return value


def _bounded_str(value, field: str, max_bytes: int) -> str:
    if type(value) is not str:
        raise ProtocolViolation(f"{field}: expected a str, received {describe_value(value)}.")
    size = len(value.encode("utf-8"))
    if not 1 <= size <= max_bytes:
        raise ProtocolViolation(f"{field}: expected 1 to {max_bytes} UTF-8 bytes, received {size} bytes.")
    return value


def _versioned(body: bytes, message: str, field_count: int) -> list:
    """``[protocol_version, ...]``: the version (2 or 3) is checked before the shape, so another version says so."""
    fields = _array(unpack_body(body, message), message)
    if not fields:
        raise ProtocolViolation(f"{message}: expected an array of {field_count} elements, received an array of 0.")
    version = fields[0]
    if type(version) is not int:
        raise ProtocolViolation(f"{message}.protocol_version: expected an integer, received {describe_value(version)}.")
    if not MIN_VERSION <= version <= VERSION:
        raise ProtocolViolation(
            f"{message}.protocol_version: received protocol version {version}; expected {MIN_VERSION} or {VERSION}, the versions this side speaks."
        )
    return _array(fields, message, field_count)


def read_welcome(body: bytes) -> Welcome:
    version, replica_id, interval_ms, frontend_id = _versioned(body, "Welcome", 4)
    return Welcome(
        _int(replica_id, "Welcome.replica_id", 0),
        _int(interval_ms, "Welcome.heartbeat_interval_ms", 1),
        _bounded_str(frontend_id, "Welcome.frontend_id", MAX_FRONTEND_ID_BYTES),
        version,
    )


def read_goodbye(body: bytes) -> str:
    (reason,) = _array(unpack_body(body, "Goodbye"), "Goodbye", 1)
    if type(reason) is not str:
        raise ProtocolViolation(f"Goodbye.reason: expected a str, received {describe_value(reason)}.")
    return reason


def read_signal(body: bytes, message_type: MessageType) -> None:
    """Heartbeat, Revoke and Release bodies are exactly ``nil``."""
    if body == _NIL:
        return
    name = message_type.wire_name
    if body[:1] == _NIL:
        raise ProtocolViolation(f"{name}: expected exactly one MessagePack value, received {len(body) - 1} more bytes after it.")
    value = unpack_body(body, name)
    raise ProtocolViolation(f"{name}: expected nil, received {describe_value(value)}.")


def read_demand(body: bytes) -> Demand:
    queued, deadline_ms = _array(unpack_body(body, "Demand"), "Demand", 2)
    return Demand(_int(queued, "Demand.queued", 1), _int(deadline_ms, "Demand.earliest_deadline_ms", _INT32_MIN))


def read_membership(body: bytes) -> Membership:
    cap, entries = _array(unpack_body(body, "Membership"), "Membership", 2)
    cap = _int(cap, "Membership.max_frontends_per_replica", 0)
    entries = _array(entries, "Membership.frontends")
    if not 1 <= len(entries) <= MAX_MEMBERSHIP_FRONTENDS:
        raise ProtocolViolation(
            f"Membership.frontends: expected 1 to {MAX_MEMBERSHIP_FRONTENDS} frontends (the sender is one), received {len(entries)}."
        )
    frontends = []
    seen = set()
    for entry in entries:
        frontend_id, host, port = _array(entry, "Membership.frontends[]", 3)
        frontend_id = _bounded_str(frontend_id, "Membership.frontends.frontend_id", MAX_FRONTEND_ID_BYTES)
        host = _bounded_str(host, "Membership.frontends.host", MAX_HOST_BYTES)
        port = _int(port, "Membership.frontends.port", 1, 65535)
        if frontend_id in seen:
            raise ProtocolViolation(
                f'Membership.frontends.frontend_id: expected each frontend listed once, received a second entry for "{frontend_id}".'
            )
        seen.add(frontend_id)
        frontends.append(FrontendAddress(frontend_id, host, port))
    return Membership(cap, tuple(frontends))


_TRACEPARENT = re.compile(r"00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}")


def read_batch_request(body: bytes, version: int = VERSION) -> BatchRequest:
    """The batch id, type code, raw inputs and (version 3) trace context; whether the inputs fit the
    container's type is checked later."""
    fields = _array(unpack_body(body, "BatchRequest"), "BatchRequest", 4 if version >= TRACING_VERSION else 3)
    batch_id, code, inputs = fields[:3]
    trace_context = None
    if version >= TRACING_VERSION:
        value = fields[3]
        if value is not None and type(value) is not str:
            raise ProtocolViolation(f"BatchRequest.trace_context: expected nil or a str (a W3C traceparent), received {describe_value(value)}.")
        if value is not None and _TRACEPARENT.fullmatch(value):
            trace_context = value
    batch_id = _int(batch_id, "BatchRequest.batch_id", 0, _UINT64_MAX)
    if type(code) is not int:
        raise ProtocolViolation(f"BatchRequest.input_type_code: expected an integer, received {describe_value(code)}.")
    return BatchRequest(batch_id, code, _array(inputs, "BatchRequest.inputs"), trace_context)


def length_of(prefix: bytes) -> int:
    return _PREFIX.unpack(prefix)[0]


assert LENGTH_PREFIX_BYTES == _PREFIX.size
