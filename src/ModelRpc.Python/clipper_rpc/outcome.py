"""Why a connection to a frontend ended."""

import enum


class Outcome(enum.Enum):
    """Why a connection ended; decides whether the container reconnects."""

    CANCELLED = "cancelled"
    DRAINED = "drained"
    DRAIN_TIMED_OUT = "drain timed out"
    REFUSED = "refused"
    HANDSHAKE_TIMED_OUT = "handshake timed out"
    GOODBYE_RECEIVED = "goodbye received"
    PROTOCOL_ERROR = "protocol error"
    HEARTBEAT_TIMED_OUT = "heartbeat timed out"
    CLOSED_BY_FRONTEND = "closed by frontend"
    CONNECTION_LOST = "connection lost"
    LEFT_FOR_OTHERS = "left for others"

    @property
    def final(self) -> bool:
        """The container stops rather than reconnects."""
        return self in (Outcome.CANCELLED, Outcome.DRAINED, Outcome.DRAIN_TIMED_OUT)
