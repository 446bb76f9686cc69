"""Numbers and names fixed by version 3 of the model RPC protocol (docs/rpc-protocol.md)."""

import enum

#: The protocol version this library speaks, sent in Hello: version 3 adds the trace context to
#: BatchRequest and the model time to BatchResponse.
VERSION = 3

#: The oldest version accepted in a Welcome (a frontend answers in the version the container spoke).
MIN_VERSION = 2

#: The first version whose batch frames carry a trace context and a model time.
TRACING_VERSION = 3

#: The default largest frame accepted, and the largest response sent (64 MiB).
DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024

#: The smallest accepted ``max_frame_bytes``: a Welcome or a Goodbye must always fit.
MIN_MAX_FRAME_BYTES = 1024

#: The heartbeat interval used until a Welcome sets the frontend's (1 s).
DEFAULT_HEARTBEAT_INTERVAL_MS = 1000

#: How many heartbeat intervals of silence make a side drop the connection.
SILENT_INTERVALS_BEFORE_DISCONNECT = 3

#: The query frontend's default RPC port, as in Clipper.
DEFAULT_PORT = 7000

#: The size of the big-endian length prefix of every frame.
LENGTH_PREFIX_BYTES = 4

#: The size of the length prefix plus the type byte.
FRAME_HEADER_BYTES = LENGTH_PREFIX_BYTES + 1

#: The longest container id, frontend id and host, in UTF-8 bytes.
MAX_CONTAINER_ID_BYTES = 255
MAX_FRONTEND_ID_BYTES = 255
MAX_HOST_BYTES = 253

#: The most frontends one Membership may list.
MAX_MEMBERSHIP_FRONTENDS = 10_000

#: The Goodbye reason a container sends when it starts draining.
DRAINING_REASON = "draining"


class MessageType(enum.IntEnum):
    """The type byte of a frame."""

    HELLO = 1
    WELCOME = 2
    BATCH_REQUEST = 3
    BATCH_RESPONSE = 4
    HEARTBEAT = 5
    GOODBYE = 6
    MEMBERSHIP = 7
    DEMAND = 8
    GRANT = 9
    REVOKE = 10
    RELEASE = 11

    @property
    def wire_name(self) -> str:
        """The name the protocol document uses, e.g. ``BatchRequest``."""
        return "".join(part.capitalize() for part in self.name.split("_"))
