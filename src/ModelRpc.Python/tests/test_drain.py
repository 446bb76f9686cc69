"""Draining: Goodbye "draining", no new batch, the batch held answered, half-close, then exit; SIGTERM does it."""

import os
import signal
import subprocess
import sys
import time

from conftest import wait_for
from fake_frontend import GOODBYE, GRANT, HELLO, FakeFrontend

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MODELS = os.path.join(os.path.dirname(__file__), "models")


def slow(inputs):
    time.sleep(0.4)
    return ["done"] * len(inputs)


def test_a_drain_answers_the_batch_held_then_half_closes(frontend, start_container, tmp_path):
    ready = tmp_path / "ready"
    running = start_container(slow, frontend.port, ready_file=str(ready))
    peer = frontend.accept()
    peer.handshake()
    peer.expect(GRANT)
    wait_for(ready.exists, message="ready file")
    peer.batch(1, 3, [b""])
    time.sleep(0.1)
    running.container.drain()
    assert peer.expect(GOODBYE) == ["draining"]
    wait_for(lambda: not ready.exists(), message="not ready once draining")
    peer.batch(2, 3, [b""])  # crossed the Goodbye: not answered, the frontend re-queues it
    assert peer.expect_response() == [1, ["done"]]
    assert peer.closed_within(5, skip=(5,))  # the container half-closed after its last response
    peer.close()  # the frontend closes its side; the container then stops
    assert running.stopped_within(5)
    assert not any(kind == 4 and value[0] == 2 for kind, value in peer.received)


def test_a_drain_that_outlasts_the_drain_timeout_closes_anyway(frontend, start_container, caplog):
    running = start_container(lambda xs: time.sleep(3) or ["late"] * len(xs), frontend.port, drain_timeout=0.3)
    peer = frontend.accept()
    peer.handshake()
    peer.expect(GRANT)
    peer.batch(1, 3, [b""])
    time.sleep(0.1)
    running.container.drain()
    assert peer.closed_within(2, skip=(5, GOODBYE))
    assert running.stopped_within(2)
    assert any(getattr(r, "event", "") == "drain_timed_out" for r in caplog.records)


def test_a_drain_before_any_connection_stops_the_container(start_container):
    fake = FakeFrontend()
    port = fake.port
    fake.close()  # nothing listens: the container keeps retrying
    running = start_container(lambda xs: xs, port)
    time.sleep(0.2)
    running.container.drain()
    assert running.stopped_within(3)


def start_process(port, entry="sleepy:predict", env=None, *extra):
    environment = dict(os.environ, PYTHONPATH=PACKAGE_ROOT, CLIPPER_MODEL_NAME="sleepy", CLIPPER_MODEL_VERSION="1",
                       CLIPPER_IP="127.0.0.1", CLIPPER_PORT=str(port), CLIPPER_INPUT_TYPE="strings", **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "clipper_rpc", "--entry", entry, "--path", MODELS, *extra],
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_sigterm_drains_the_process_and_it_exits_zero(frontend):
    process = start_process(frontend.port, env={"SLEEPY_SECONDS": "0.5"})
    try:
        peer = frontend.accept()
        peer.handshake()
        peer.expect(GRANT)
        peer.batch(1, 5, ["abc", "de"])
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        assert peer.expect(GOODBYE) == ["draining"]
        assert peer.expect_response() == [1, ["3", "2"]]
        assert peer.closed_within(5, skip=(5,))
        peer.close()
        assert process.wait(10) == 0
        output = process.stdout.read()
        assert "draining" in output and "drained" in output and "stopped" in output, output
    finally:
        process.kill()
        process.wait(5)


def test_a_second_sigterm_stops_at_once(frontend):
    process = start_process(frontend.port, env={"SLEEPY_SECONDS": "30"})
    try:
        peer = frontend.accept()
        peer.handshake()
        peer.expect(GRANT)
        peer.batch(1, 5, ["a"])
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        peer.expect(GOODBYE)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
        assert time.monotonic() - started < 5
    finally:
        process.kill()
        process.wait(5)
