"""Hello/Welcome, refusals, handshake and heartbeat timeouts, reconnecting with backoff, readiness."""

import time

from conftest import wait_for
from fake_frontend import BATCH_REQUEST, GOODBYE, GRANT, HEARTBEAT, HELLO, WELCOME


def echo(inputs):
    return [str(len(x)) for x in inputs]


def test_hello_carries_version_model_input_type_and_container_id(frontend, start_container):
    start_container(echo, frontend.port, input_type="ints", container_id="box-1")
    peer = frontend.accept()
    assert peer.expect(HELLO) == [3, "m", "1", "integers", "box-1"]


def test_welcome_makes_the_container_ready_and_parks_its_capacity(frontend, start_container, tmp_path):
    ready_file = tmp_path / "ready.check"
    ready_file.write_text("left by a previous process")
    running = start_container(echo, frontend.port, ready_file=str(ready_file))
    peer = frontend.accept()
    peer.expect(HELLO)
    wait_for(lambda: not ready_file.exists(), message="a stale ready file is removed at start")
    peer.welcome(replica_id=7, frontend_id="f1")
    assert peer.expect(GRANT) is True
    wait_for(lambda: running.container.is_ready and ready_file.exists(), message="ready after Welcome")
    assert running.container.replica_id == 7
    assert running.container.connected_frontends == ["f1"]

    peer.close()
    wait_for(lambda: not running.container.is_ready and not ready_file.exists(), message="not ready once disconnected")


def test_refusal_is_logged_and_the_container_retries_with_backoff(frontend, start_container, caplog):
    start_container(echo, frontend.port)
    first = frontend.accept()
    first.expect(HELLO)
    first.send(GOODBYE, ["model version m:1 is registered with input type strings"])
    assert first.closed_within(5)
    second = frontend.accept()
    assert second.expect(HELLO)[1] == "m"
    assert any("registered with input type strings" in r.getMessage() and r.event == "refused" for r in caplog.records)


def test_a_welcome_of_another_protocol_version_is_a_protocol_error_naming_both(frontend, start_container, caplog):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.expect(HELLO)
    peer.send(WELCOME, [1, 0, 1000, "f1"])
    assert peer.closed_within(5)
    messages = [r.getMessage() for r in caplog.records if getattr(r, "event", "") == "protocol_error"]
    assert any("received protocol version 1; expected 2" in m for m in messages), messages
    frontend.accept().expect(HELLO)


def test_a_malformed_welcome_names_the_field(frontend, start_container, caplog):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.expect(HELLO)
    peer.send(WELCOME, [2, -1, 1000, "f1"])
    assert peer.closed_within(5)
    assert any("Welcome.replica_id: expected an integer from 0" in r.getMessage() for r in caplog.records)


def test_a_frame_other_than_welcome_before_the_handshake_is_a_protocol_error(frontend, start_container, caplog):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.expect(HELLO)
    peer.send(HEARTBEAT)  # allowed before the Welcome
    peer.batch(1, 3, [])
    assert peer.closed_within(5)
    assert any("Received a BatchRequest frame before the handshake completed" in r.getMessage() for r in caplog.records)


def test_no_welcome_within_three_intervals_reconnects(frontend, start_container):
    start_container(echo, frontend.port, heartbeat_interval=0.1)
    peer = frontend.accept()
    peer.expect(HELLO)
    started = time.monotonic()
    assert peer.closed_within(3)
    assert 0.25 <= time.monotonic() - started < 2.5
    frontend.accept().expect(HELLO)


def test_the_container_sends_heartbeats_when_idle(frontend, start_container):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.handshake(interval_ms=100)
    peer.expect(GRANT)
    assert peer.expect(HEARTBEAT, skip=()) is None
    assert peer.expect(HEARTBEAT, skip=()) is None


def test_silence_for_three_intervals_makes_the_container_reconnect(frontend, start_container, caplog):
    running = start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.handshake(interval_ms=100)
    started = time.monotonic()
    assert peer.closed_within(5)  # the fake sends nothing after the handshake
    assert 0.25 <= time.monotonic() - started < 2.5
    assert any(getattr(r, "event", "") == "heartbeat_timed_out" for r in caplog.records)
    frontend.accept().expect(HELLO)
    assert not running.container.is_ready or running.container.connected_frontends == []


def test_heartbeats_from_the_frontend_keep_the_connection_up(frontend, start_container):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.handshake(interval_ms=100)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        peer.send(HEARTBEAT)
        time.sleep(0.05)
    peer.batch(1, 3, [b"\0" * 8])
    assert peer.expect_response() == [1, ["1"]]


def test_a_lost_connection_reconnects_with_growing_delays(frontend, start_container):
    start_container(echo, frontend.port, reconnect_initial_delay=0.1, reconnect_max_delay=0.4)
    times = []
    for _ in range(4):
        peer = frontend.accept()
        peer.expect(HELLO)
        times.append(time.monotonic())
        peer.close()
    gaps = [b - a for a, b in zip(times, times[1:])]
    # Attempt n waits between half and all of min(0.4, 0.1 * 2**n) s.
    assert 0.04 <= gaps[0] < 1.0, gaps
    assert gaps[2] >= 0.15, gaps


def test_a_welcomed_connection_resets_the_backoff(frontend, start_container):
    start_container(echo, frontend.port, reconnect_initial_delay=0.05, reconnect_max_delay=2.0)
    for _ in range(4):  # failures raise the delay towards 0.4 s and more
        frontend.accept().close()
    peer = frontend.accept()
    peer.handshake()
    peer.close()
    started = time.monotonic()
    frontend.accept().expect(HELLO)
    # Reset: 25 to 50 ms; had it not been, the sixth attempt would wait 0.8 to 1.6 s.
    assert time.monotonic() - started < 0.6


def test_batches_behind_the_welcome_in_the_same_write_are_served(frontend, start_container):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.expect(HELLO)
    peer.welcome()
    peer.expect(GRANT)
    peer.send(BATCH_REQUEST, [5, 3, [b"\0" * 16], None])
    assert peer.expect_response() == [5, ["2"]]
