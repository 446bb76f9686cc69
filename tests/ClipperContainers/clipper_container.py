#!/usr/bin/python3
"""A model container that speaks Clipper's container RPC, version 3, exactly as Clipper 0.4's Python containers do.

Written from the project's description of the wire format (../../../shared/reference/clipper-rpc.md in the
workspace, summarised in docs/clipper-rpc.md), with Debian's python3-zmq and python3-numpy only. The query frontend's
tests run it as a real process over real TCP to show that Clipper's own containers serve through our frontend.

Environment, as Clipper's containers read it: CLIPPER_MODEL_NAME and CLIPPER_MODEL_VERSION (required), CLIPPER_IP
(default 127.0.0.1), CLIPPER_PORT (default 7000), CLIPPER_INPUT_TYPE (default doubles; b/bytes, i/ints, f/floats,
d/doubles, s/strings and their variants). Timing, as Clipper's rpc.py: a 5 s poll; a heartbeat after each poll that
brought nothing; after 30 s without any message the socket is closed and a new one (a new identity) connects.

The predict mode comes from --mode or CLIPPER_TEST_MODE:
  echo           each input back as JSON (numbers as a list, a string as a JSON string)
  noop           "1.0" for every input, as `clipper example-model noop` (bench/run-python.sh)
  string         a plain string that is not JSON ("input of N items")
  sum            the sum of the numbers (a JSON number); for strings, their length
  sleep          sleeps --sleep-ms (or CLIPPER_TEST_SLEEP_MS) per batch, then answers as sum
  batch-size     sleeps as sleep, then answers each input with the size of its batch (to show batching)
  die            exits at once (os._exit(3)) on its first batch, without answering it
  wrong-count    answers every batch with one output too many
  wrong-version  reports RPC version 2 in its metadata
  no-version     omits the RPC version from its metadata (as Clipper before 0.4)
"""

import argparse
import json
import os
import socket
import struct
import sys
import time

import numpy as np
import zmq

RPC_VERSION = 3

MESSAGE_TYPE_NEW_CONTAINER = 0
MESSAGE_TYPE_CONTAINER_CONTENT = 1
MESSAGE_TYPE_HEARTBEAT = 2

HEARTBEAT_TYPE_KEEPALIVE = 0
HEARTBEAT_TYPE_REQUEST_CONTAINER_METADATA = 1

REQUEST_TYPE_PREDICT = 0

INPUT_TYPE_BYTES = 0
INPUT_TYPE_INTS = 1
INPUT_TYPE_FLOATS = 2
INPUT_TYPE_DOUBLES = 3
INPUT_TYPE_STRINGS = 4

SOCKET_POLLING_TIMEOUT_MILLIS = 5000
SOCKET_ACTIVITY_TIMEOUT_MILLIS = 30000

DTYPES = {
    INPUT_TYPE_BYTES: np.int8,
    INPUT_TYPE_INTS: np.int32,
    INPUT_TYPE_FLOATS: np.float32,
    INPUT_TYPE_DOUBLES: np.float64,
}

MODES = ["echo", "noop", "string", "sum", "sleep", "batch-size", "die", "wrong-count", "wrong-version", "no-version"]


def log(message):
    print("clipper_container: " + message, file=sys.stderr, flush=True)


def string_to_input_type(text):
    text = text.strip().lower()
    if text in ("b", "bytes", "byte"):
        return INPUT_TYPE_BYTES
    if text in ("i", "ints", "int", "integer", "integers"):
        return INPUT_TYPE_INTS
    if text in ("f", "floats", "float"):
        return INPUT_TYPE_FLOATS
    if text in ("d", "doubles", "double"):
        return INPUT_TYPE_DOUBLES
    if text in ("s", "strings", "string", "strs", "str"):
        return INPUT_TYPE_STRINGS
    return -1


def u32(value):
    return struct.pack("<I", value)


def u64(value):
    return struct.pack("<Q", value)


class Model:
    def __init__(self, mode, sleep_ms):
        self.mode = mode
        self.sleep_ms = sleep_ms

    def predict(self, inputs):
        if self.mode == "die":
            log("dying mid-batch, as asked (%d inputs unanswered)" % len(inputs))
            os._exit(3)
        if self.mode in ("sleep", "batch-size"):
            time.sleep(self.sleep_ms / 1000.0)
        if self.mode == "batch-size":
            return [str(len(inputs))] * len(inputs)
        if self.mode == "noop":
            return ["1.0"] * len(inputs)
        outputs = [self.predict_one(x) for x in inputs]
        if self.mode == "wrong-count":
            outputs.append(outputs[-1])
        return outputs

    def predict_one(self, x):
        if isinstance(x, str):
            if self.mode == "echo":
                return json.dumps(x)
            if self.mode == "string":
                return "input of %d characters" % len(x)
            return str(len(x))
        if self.mode == "echo":
            return json.dumps(x.tolist())
        if self.mode == "string":
            return "input of %d items" % len(x)
        total = x.astype(np.float64).sum()
        return json.dumps(float(total))


class Container:
    def __init__(self, model, name, version, input_type, ip, port, report_version):
        self.model = model
        self.name = name
        self.version = version
        self.input_type = input_type
        self.address = "tcp://%s:%d" % (ip, port)
        self.report_version = report_version
        self.context = zmq.Context()

    def run(self):
        log("serving %s:%s (input type %d) from %s" % (self.name, self.version, self.input_type, self.address))
        poller = zmq.Poller()
        while True:
            sock = self.context.socket(zmq.DEALER)
            poller.register(sock, zmq.POLLIN)
            sock.connect(self.address)
            self.send_heartbeat(sock)
            connected = False
            last_activity = time.monotonic()
            while True:
                ready = dict(poller.poll(SOCKET_POLLING_TIMEOUT_MILLIS))
                if ready.get(sock) != zmq.POLLIN:
                    if connected:
                        if (time.monotonic() - last_activity) * 1000 >= SOCKET_ACTIVITY_TIMEOUT_MILLIS:
                            log("connection timed out, reconnecting")
                            poller.unregister(sock)
                            sock.close(linger=0)
                            break
                        self.send_heartbeat(sock)
                    continue
                connected = True
                last_activity = time.monotonic()
                self.handle(sock, sock.recv_multipart())

    def handle(self, sock, frames):
        # The ROUTER's identity frame is consumed by our DEALER; what is left starts with the empty delimiter.
        if len(frames) < 3 or frames[0] != b"":
            log("malformed message of %d frames" % len(frames))
            return
        rpc_version = struct.unpack("<I", frames[1])[0]
        if rpc_version != RPC_VERSION:
            log("message of RPC version %d; this container speaks %d" % (rpc_version, RPC_VERSION))
            return
        message_type = struct.unpack("<I", frames[2])[0]
        if message_type == MESSAGE_TYPE_HEARTBEAT:
            kind = struct.unpack("<I", frames[3])[0]
            if kind == HEARTBEAT_TYPE_REQUEST_CONTAINER_METADATA:
                self.send_metadata(sock)
        elif message_type == MESSAGE_TYPE_CONTAINER_CONTENT:
            self.handle_batch(sock, frames[3:])
        else:
            log("unexpected message type %d" % message_type)

    def handle_batch(self, sock, frames):
        message_id = frames[0]
        request_type = struct.unpack("<I", frames[1])[0]
        if request_type != REQUEST_TYPE_PREDICT:
            log("request type %d is not predict" % request_type)
            return
        header_size = struct.unpack("<Q", frames[2])[0]
        header = np.frombuffer(frames[3], dtype=np.uint64)
        assert len(frames[3]) == header_size, "input header of %d bytes; its size frame said %d" % (len(frames[3]), header_size)
        input_type, count, sizes = int(header[0]), int(header[1]), header[2:]
        contents = frames[4:]
        assert len(contents) == count == len(sizes), "%d input frames for %d inputs" % (len(contents), count)
        if input_type != self.input_type:
            log("batch of input type %d; this container serves %d" % (input_type, self.input_type))
            raise SystemExit(2)
        if input_type == INPUT_TYPE_STRINGS:
            inputs = [c.decode("utf-8") for c in contents]
        else:
            inputs = [np.frombuffer(c, dtype=DTYPES[input_type]) for c in contents]
        for i, c in enumerate(contents):
            assert len(c) == int(sizes[i]), "input %d is %d bytes; the header said %d" % (i, len(c), int(sizes[i]))
        outputs = self.model.predict(inputs)
        if type(outputs) != list or any(type(o) != str for o in outputs):
            raise SystemExit("predict must return a list of str")
        encoded = [o.encode("utf-8") for o in outputs]
        output_header = u64(len(encoded)) + b"".join(u64(len(e)) for e in encoded)
        sock.send_multipart([b"", u32(MESSAGE_TYPE_CONTAINER_CONTENT), message_id, u64(len(output_header)), output_header] + encoded)

    def send_heartbeat(self, sock):
        sock.send_multipart([b"", u32(MESSAGE_TYPE_HEARTBEAT)])

    def send_metadata(self, sock):
        frames = [b"", u32(MESSAGE_TYPE_NEW_CONTAINER), self.name.encode("utf-8"), str(self.version).encode("utf-8"),
                  str(self.input_type).encode("utf-8")]
        if self.report_version is not None:
            frames.append(u32(self.report_version))
        sock.send_multipart(frames)
        log("sent metadata (RPC version %s)" % self.report_version)


def main():
    parser = argparse.ArgumentParser(description="A Clipper-protocol model container for tests.")
    parser.add_argument("--mode", choices=MODES, default=os.environ.get("CLIPPER_TEST_MODE", "echo"))
    parser.add_argument("--sleep-ms", type=int, default=int(os.environ.get("CLIPPER_TEST_SLEEP_MS", "1000")))
    args = parser.parse_args()
    for required in ("CLIPPER_MODEL_NAME", "CLIPPER_MODEL_VERSION"):
        if required not in os.environ:
            log("%s is required" % required)
            return 2
    input_type = string_to_input_type(os.environ.get("CLIPPER_INPUT_TYPE", "doubles"))
    if input_type < 0:
        log("CLIPPER_INPUT_TYPE '%s' is not one of bytes, ints, floats, doubles, strings" % os.environ["CLIPPER_INPUT_TYPE"])
        return 2
    host = os.environ.get("CLIPPER_IP", "127.0.0.1")
    ip = socket.gethostbyname(host)
    port = int(os.environ.get("CLIPPER_PORT", "7000"))
    report_version = {"wrong-version": 2, "no-version": None}.get(args.mode, RPC_VERSION)
    model = Model(args.mode, args.sleep_ms)
    Container(model, os.environ["CLIPPER_MODEL_NAME"], os.environ["CLIPPER_MODEL_VERSION"], input_type, ip, port, report_version).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
