"""The capacity frames: Demand, Grant (parked or not), Revoke, Release; concurrency across frontends."""

import struct
import threading
import time

import msgpack

import pytest

from clipper_rpc.capacity import CapacityScheduler
from conftest import wait_for
from fake_frontend import BATCH_REQUEST, GRANT, HELLO, RELEASE, REVOKE, FakeFrontend


class Client:
    def __init__(self):
        self.frames = []

    def send_grant(self, parked):
        self.frames.append("parked" if parked else "grant")

    def send_revoke(self):
        self.frames.append("revoke")


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_lone_connection_gets_the_capacity_parked():
    scheduler = CapacityScheduler(1)
    client = Client()
    scheduler.register(client)
    assert client.frames == ["parked"]


def test_capacity_goes_to_the_earliest_deadline_first():
    clock = Clock()
    scheduler = CapacityScheduler(1, clock)
    a, b, c = Client(), Client(), Client()
    slot_a = scheduler.register(a)
    slot_b, slot_c = scheduler.register(b), scheduler.register(c)
    assert scheduler.try_start_batch(slot_a)
    scheduler.demand(slot_b, 500)
    scheduler.demand(slot_c, 50)
    scheduler.batch_completed(slot_a)
    assert c.frames == ["grant"] and b.frames == []


def test_a_demand_while_full_revokes_a_parked_grant_and_the_release_regrants_it():
    scheduler = CapacityScheduler(1)
    a, b = Client(), Client()
    slot_a = scheduler.register(a)
    slot_b = scheduler.register(b)
    scheduler.demand(slot_b, 10)
    assert a.frames == ["parked", "revoke"]
    assert scheduler.try_release(slot_a)
    assert b.frames == ["grant"]


def test_grants_on_demand_are_never_revoked():
    scheduler = CapacityScheduler(1)
    a, b = Client(), Client()
    slot_a, slot_b = scheduler.register(a), scheduler.register(b)
    scheduler.try_release(slot_a)  # returns the parked grant, which is parked again at a
    scheduler.demand(slot_b, 10)
    assert a.frames.count("revoke") == 1
    assert scheduler.try_release(slot_a)
    assert b.frames == ["grant"]
    scheduler.demand(slot_a, 10)
    assert "revoke" not in b.frames


def test_a_demand_crossing_a_grant_is_forgotten():
    scheduler = CapacityScheduler(2)
    a = Client()
    slot = scheduler.register(a)
    scheduler.demand(slot, 10)  # crossed the parked grant on the wire
    assert scheduler.try_start_batch(slot)
    scheduler.batch_completed(slot)
    assert a.frames == ["parked", "parked"]


def test_release_or_batch_without_a_grant_are_refused():
    scheduler = CapacityScheduler(1)
    slot = scheduler.register(Client())
    assert scheduler.try_start_batch(slot)
    assert not scheduler.try_start_batch(slot)
    assert not scheduler.try_release(slot)


def test_a_closed_connection_running_a_batch_keeps_its_capacity_until_the_batch_ends():
    scheduler = CapacityScheduler(1)
    a, b = Client(), Client()
    slot_a = scheduler.register(a)
    assert scheduler.try_start_batch(slot_a)
    scheduler.close(slot_a)
    slot_b = scheduler.register(b)
    scheduler.demand(slot_b, 1)
    assert b.frames == []
    scheduler.batch_completed(slot_a)
    assert b.frames == ["grant"]


def test_concurrency_must_be_positive():
    with pytest.raises(ValueError, match="concurrency is 0; expected at least 1"):
        CapacityScheduler(0)


# ---------------------------------------------------------------- over TCP

def two_frontends(start_container, predict, **options):
    f1, f2 = FakeFrontend("f1"), FakeFrontend("f2")
    members = [f1.address(), f2.address()]
    running = start_container(predict, f1.port, **options)
    p1 = f1.accept()
    p1.handshake(frontend_id="f1", membership=members)
    p2 = f2.accept()
    p2.handshake(frontend_id="f2", membership=members)
    return running, (f1, f2), (p1, p2)


def test_a_demanding_frontend_gets_capacity_revoked_from_the_idle_one(start_container):
    running, fakes, (p1, p2) = two_frontends(start_container, lambda xs: ["x"] * len(xs))
    try:
        assert p1.expect(GRANT) is True  # parked at the first connection
        p2.demand(queued=3, deadline_ms=20)
        assert p1.expect(REVOKE) is None
        p1.send(RELEASE)
        assert p2.expect(GRANT) is False  # on demand
        p2.batch(1, 3, [b""])
        assert p2.expect_response() == [1, ["x"]]
    finally:
        for fake in fakes:
            fake.close()


def test_a_revoked_grant_may_still_be_used_for_a_batch(start_container):
    running, fakes, (p1, p2) = two_frontends(start_container, lambda xs: ["x"] * len(xs))
    try:
        assert p1.expect(GRANT) is True
        p2.demand()
        p1.expect(REVOKE)
        p1.batch(1, 3, [b""])  # crossed the Revoke
        assert p1.expect_response(skip=()) == [1, ["x"]]
        assert p2.expect(GRANT) is False
    finally:
        for fake in fakes:
            fake.close()


def test_a_batch_without_a_grant_is_a_protocol_error(frontend, start_container, caplog):
    start_container(lambda xs: ["x"] * len(xs), frontend.port)
    peer = frontend.accept()
    peer.handshake()
    peer.expect(GRANT)
    peer.batch(1, 3, [b""])
    peer.expect_response()
    assert peer.expect(GRANT) is True  # parked again behind the response
    # Two batches in one write against that one grant: the second has none.
    both = msgpack.packb([2, 3, [b""], None]), msgpack.packb([3, 3, [b""], None])
    peer.sock.sendall(b"".join(struct.pack(">I", len(body) + 1) + bytes((BATCH_REQUEST,)) + body for body in both))
    assert peer.closed_within(5, skip=(5, 4))
    assert any("Received a BatchRequest without holding a Grant" in r.getMessage() for r in caplog.records)


def test_a_release_without_a_grant_is_a_protocol_error(frontend, start_container, caplog):
    start_container(lambda xs: time.sleep(0.3) or ["x"] * len(xs), frontend.port)
    peer = frontend.accept()
    peer.handshake()
    peer.expect(GRANT)
    peer.batch(1, 3, [b""])
    peer.send(RELEASE)  # the grant went with the batch
    assert peer.closed_within(5, skip=(5, 4))
    assert any("Received a Release without holding a Grant" in r.getMessage() for r in caplog.records)
    frontend.accept().expect(HELLO)


@pytest.mark.parametrize("concurrency", [1, 2])
def test_no_more_batches_run_at_once_than_the_concurrency(start_container, concurrency):
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def predict(inputs):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return ["x"] * len(inputs)

    fakes = [FakeFrontend(f"f{i}") for i in range(3)]
    members = [fake.address() for fake in fakes]
    try:
        running = start_container(predict, fakes[0].port, concurrency=concurrency)
        peers = []
        for fake in fakes:
            peer = fake.accept()
            peer.handshake(frontend_id=fake.frontend_id, membership=members)
            peers.append(peer)
        wait_for(lambda: len(running.container.connected_frontends) == 3, message="three connections")
        answered = 0
        batch_ids = {}
        for round_ in range(3):
            for peer in peers:
                peer.demand(deadline_ms=50)
            granted = []
            deadline = time.monotonic() + 5
            while len(granted) < 3 and time.monotonic() < deadline:
                for peer in peers:
                    if peer in granted:
                        continue
                    try:
                        kind, value = peer.read_frame(0.02)
                    except TimeoutError:
                        continue
                    if kind == GRANT:
                        granted.append(peer)
                        batch_ids[id(peer)] = batch_ids.get(id(peer), 0) + 1
                        peer.batch(batch_ids[id(peer)], 3, [b""])
                    elif kind == REVOKE:
                        pass
            for peer in granted:
                peer.expect_response(skip=(5, GRANT, REVOKE))
                answered += 1
        assert answered >= 3
        assert state["peak"] == concurrency
        assert running.container.peak_concurrency == concurrency
    finally:
        for fake in fakes:
            fake.close()
