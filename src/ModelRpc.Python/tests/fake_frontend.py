"""A fake query frontend for the tests: a real TCP listener on loopback, driven step by step by the test.

It speaks the frames of docs/rpc-protocol.md independently of the library (its own packing), so a
mistake shared by both sides would not go unnoticed.
"""

import socket
import struct
import time

import msgpack

HELLO, WELCOME, BATCH_REQUEST, BATCH_RESPONSE, HEARTBEAT, GOODBYE, MEMBERSHIP, DEMAND, GRANT, REVOKE, RELEASE = range(1, 12)
NAMES = {1: "Hello", 2: "Welcome", 3: "BatchRequest", 4: "BatchResponse", 5: "Heartbeat", 6: "Goodbye",
         7: "Membership", 8: "Demand", 9: "Grant", 10: "Revoke", 11: "Release"}
_MISSING = object()


class Closed(Exception):
    """The container closed the connection."""


class FakeFrontend:
    """Listens on 127.0.0.1 on a free port; each accepted connection is a :class:`Peer`."""

    def __init__(self, frontend_id: str = "f1"):
        self.frontend_id = frontend_id
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = self._listener.getsockname()[1]
        self.peers = []

    def address(self):
        return [self.frontend_id, "127.0.0.1", self.port]

    def accept(self, timeout: float = 10.0) -> "Peer":
        self._listener.settimeout(timeout)
        sock, _ = self._listener.accept()
        peer = Peer(sock)
        self.peers.append(peer)
        return peer

    def nothing_to_accept(self, within: float) -> bool:
        """True when no container connects within the given seconds."""
        self._listener.settimeout(within)
        try:
            sock, _ = self._listener.accept()
        except socket.timeout:
            return True
        self.peers.append(Peer(sock))
        return False

    def close(self):
        for peer in self.peers:
            peer.close()
        self._listener.close()


class Peer:
    """One container connection as the frontend sees it."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.version = 3
        self._buffer = b""
        self.received = []

    # ------------------------------------------------------------ sending

    def send_raw(self, kind: int, body: bytes) -> None:
        self.sock.sendall(struct.pack(">I", len(body) + 1) + bytes((kind,)) + body)

    def send(self, kind: int, value=None) -> None:
        self.send_raw(kind, msgpack.packb(value, use_bin_type=True))

    def welcome(self, replica_id=0, interval_ms=1000, frontend_id="f1", membership=None, cap=0, version=3) -> None:
        """Welcome in ``version`` (what a frontend answers a container of that version), then the
        Membership (by default just this frontend) in the same write."""
        self.version = version
        self.send(WELCOME, [version, replica_id, interval_ms, frontend_id])
        frontends = membership if membership is not None else [[frontend_id, "127.0.0.1", 1]]
        self.send(MEMBERSHIP, [cap, frontends])

    def handshake(self, **welcome) -> list:
        """Reads the Hello and welcomes the container; returns the Hello's fields."""
        hello = self.expect(HELLO)
        self.welcome(**welcome)
        return hello

    def batch(self, batch_id: int, code: int, inputs: list, trace_context=None) -> None:
        """A BatchRequest in the version welcomed: version 3 carries ``trace_context`` (nil by default)."""
        if self.version >= 3:
            self.send(BATCH_REQUEST, [batch_id, code, inputs, trace_context])
        else:
            self.send(BATCH_REQUEST, [batch_id, code, inputs])

    def demand(self, queued=1, deadline_ms=100) -> None:
        self.send(DEMAND, [queued, deadline_ms])

    # ------------------------------------------------------------ receiving

    def read_frame(self, timeout: float = 5.0):
        """The next frame as (type, value); raises Closed at end of stream, socket.timeout when none comes."""
        deadline = time.monotonic() + timeout
        while True:
            if len(self._buffer) >= 4:
                length = struct.unpack(">I", self._buffer[:4])[0]
                if len(self._buffer) >= 4 + length:
                    kind = self._buffer[4]
                    body = self._buffer[5:4 + length]
                    self._buffer = self._buffer[4 + length:]
                    value = msgpack.unpackb(body, raw=False)
                    self.received.append((kind, value))
                    return kind, value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout(f"no frame within {timeout} s; received so far: {self.describe()}")
            self.sock.settimeout(remaining)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed(f"the container closed the connection; received so far: {self.describe()}")
            self._buffer += chunk

    def expect(self, kind: int, timeout: float = 5.0, skip=(HEARTBEAT,)):
        """Reads frames (skipping heartbeats) until one of the given type; fails on any other."""
        deadline = time.monotonic() + timeout
        while True:
            got, value = self.read_frame(max(0.01, deadline - time.monotonic()))
            if got == kind:
                return value
            if got not in skip:
                raise AssertionError(f"expected {NAMES[kind]}, received {NAMES.get(got, got)} {value!r}")

    def expect_response(self, timeout: float = 5.0, skip=(HEARTBEAT, GRANT)):
        """The next BatchResponse as ``[batch_id, results]``; in version 3 its model time (checked to be
        a non-negative integer) is kept in ``last_model_time_us``."""
        value = self.expect(BATCH_RESPONSE, timeout, skip)
        if self.version >= 3:
            assert len(value) == 3 and type(value[2]) is int and value[2] >= 0, f"expected [batch_id, results, model_time_us], received {value!r}"
            self.last_model_time_us = value[2]
            return value[:2]
        assert len(value) == 2, f"expected [batch_id, results], received {value!r}"
        return value

    def closed_within(self, timeout: float, skip=(HEARTBEAT, GRANT, GOODBYE, REVOKE)) -> bool:
        """True when the container ends the stream within the given seconds (frames in between are skipped)."""
        deadline = time.monotonic() + timeout
        try:
            while True:
                got, value = self.read_frame(max(0.01, deadline - time.monotonic()))
                if got not in skip:
                    raise AssertionError(f"expected the stream to end, received {NAMES.get(got, got)} {value!r}")
        except Closed:
            return True
        except (socket.timeout, TimeoutError):
            return False
        except ConnectionResetError:
            return True

    def quiet_for(self, seconds: float, allowed=(HEARTBEAT,)) -> None:
        """Asserts that nothing but the allowed frames arrives for the given seconds."""
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                got, value = self.read_frame(remaining)
            except (socket.timeout, TimeoutError):
                return
            if got not in allowed:
                raise AssertionError(f"expected nothing, received {NAMES.get(got, got)} {value!r}")

    def describe(self) -> str:
        return ", ".join(NAMES.get(kind, str(kind)) for kind, _ in self.received[-20:]) or "nothing"

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
