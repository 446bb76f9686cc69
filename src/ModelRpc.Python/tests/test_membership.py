"""Membership: one connection per listed frontend, rendezvous hashing past the cap, leaving, going back."""

import time

import xxhash

from clipper_rpc import rendezvous
from clipper_rpc.codec import FrontendAddress, Membership
from conftest import wait_for
from fake_frontend import GOODBYE, GRANT, HELLO, MEMBERSHIP, FakeFrontend


def echo(inputs):
    return ["x"] * len(inputs)


def test_scores_are_xxh3_64_of_container_and_frontend_ids():
    assert xxhash.xxh3_64_intdigest(b"") == 0x2D06800538D394C2  # the published XXH3-64 vector, seed 0
    assert rendezvous.score("c1", "f1") == xxhash.xxh3_64_intdigest(b"c1\nf1")


def test_past_the_cap_each_container_chooses_its_highest_scoring_frontends():
    frontends = tuple(FrontendAddress(f"f{i}", "h", 7000) for i in range(10))
    chosen = rendezvous.choose("c1", Membership(3, frontends))
    expected = sorted(frontends, key=lambda f: rendezvous.score("c1", f.id), reverse=True)[:3]
    assert list(chosen) == expected
    assert rendezvous.choose("c1", Membership(0, frontends)) == frontends
    assert rendezvous.choose("c1", Membership(10, frontends)) == frontends


def test_the_shares_are_even_and_a_departure_moves_only_its_containers():
    frontends = tuple(FrontendAddress(f"f{i}", "h", 7000) for i in range(4))
    counts = {f.id: 0 for f in frontends}
    before = {}
    for c in range(2000):
        chosen = rendezvous.choose(f"c{c}", Membership(1, frontends))
        counts[chosen[0].id] += 1
        before[c] = chosen[0].id
    assert all(400 < n < 600 for n in counts.values()), counts
    after = [rendezvous.choose(f"c{c}", Membership(1, frontends[1:]))[0].id for c in range(2000)]
    assert all(before[c] == after[c] for c in range(2000) if before[c] != "f0")


def test_the_container_connects_to_every_listed_frontend(start_container):
    fakes = [FakeFrontend(f"f{i}") for i in range(3)]
    try:
        running = start_container(echo, fakes[0].port)
        members = [fake.address() for fake in fakes]
        fakes[0].accept().handshake(frontend_id="f0", membership=members)
        for fake in fakes[1:]:
            hello = fake.accept().handshake(frontend_id=fake.frontend_id, membership=members)
            assert hello[4] == "test-container"
        wait_for(lambda: running.container.connected_frontends == ["f0", "f1", "f2"], message="connected to all three")
    finally:
        for fake in fakes:
            fake.close()


def test_past_the_cap_the_container_leaves_the_frontend_outside_its_share(start_container):
    fakes = [FakeFrontend(f"f{i}") for i in range(4)]
    try:
        members = [fake.address() for fake in fakes]
        chosen = {f.id for f in rendezvous.choose("test-container", Membership(2, tuple(FrontendAddress(*m) for m in members)))}
        first = next(fake for fake in fakes if fake.frontend_id not in chosen)  # bootstrap through a frontend outside the share
        running = start_container(echo, first.port)
        bootstrap = first.accept()
        bootstrap.handshake(frontend_id=first.frontend_id, membership=members, cap=2)
        for fake in fakes:
            if fake.frontend_id in chosen:
                fake.accept().handshake(frontend_id=fake.frontend_id, membership=members, cap=2)
        reason = bootstrap.expect(GOODBYE, skip=(5, GRANT))
        assert reason == ["this container serves 2 frontends (the frontends' max_frontends_per_replica) and this one is outside its share"]
        assert bootstrap.closed_within(5)
        bootstrap.close()
        wait_for(lambda: set(running.container.connected_frontends) == chosen, message="only the chosen frontends")
        others = [fake for fake in fakes if fake.frontend_id not in chosen and fake is not first]
        assert all(fake.nothing_to_accept(0.3) for fake in others)
    finally:
        for fake in fakes:
            fake.close()


def test_a_second_connection_welcomed_by_the_same_frontend_leaves(start_container):
    front, other = FakeFrontend("f1"), FakeFrontend("f2")
    try:
        start_container(echo, front.port)
        front.accept().handshake(frontend_id="f1", membership=[front.address(), other.address()])
        duplicate = other.accept()
        duplicate.handshake(frontend_id="f1", membership=[front.address(), other.address()])  # claims to be f1 too
        assert duplicate.expect(GOODBYE) == ["this container is already connected to frontend f1"]
        assert duplicate.closed_within(5)
    finally:
        front.close()
        other.close()


def test_a_frontend_no_longer_listed_is_not_reconnected(start_container):
    f1, f2 = FakeFrontend("f1"), FakeFrontend("f2")
    try:
        running = start_container(echo, f1.port)
        p1 = f1.accept()
        p1.handshake(frontend_id="f1", membership=[f1.address(), f2.address()])
        p2 = f2.accept()
        # f2's own Membership no longer lists it: the latest membership from any frontend wins.
        p2.handshake(frontend_id="f2", membership=[f1.address()])
        p2.quiet_for(0.3, allowed=(5, GRANT))  # a connection that is up stays up
        p2.close()
        wait_for(lambda: running.container.connected_frontends == ["f1"], message="f2 gone")
        assert f2.nothing_to_accept(0.5)
    finally:
        f1.close()
        f2.close()


def test_a_listed_frontend_that_drops_is_reconnected_while_others_serve(start_container):
    f1, f2 = FakeFrontend("f1"), FakeFrontend("f2")
    try:
        start_container(echo, f1.port)
        members = [f1.address(), f2.address()]
        f1.accept().handshake(frontend_id="f1", membership=members)
        f2.accept().handshake(frontend_id="f2", membership=members)
        f2.peers[0].close()
        assert f2.accept().handshake(frontend_id="f2", membership=members)[0] == 3
    finally:
        f1.close()
        f2.close()


def test_with_no_connection_left_the_container_goes_back_to_its_configured_frontend(start_container):
    f1, f2 = FakeFrontend("f1"), FakeFrontend("f2")
    try:
        running = start_container(echo, f1.port)
        members = [f1.address(), f2.address()]
        p1 = f1.accept()
        p1.handshake(frontend_id="f1", membership=members)
        p2 = f2.accept()
        p2.handshake(frontend_id="f2", membership=members)
        p2.send(MEMBERSHIP, [0, [f2.address()]])  # f1 is no longer listed: its member link ends with the connection
        p1.close()
        time.sleep(0.2)
        p2.send(GOODBYE, ["stopping"])
        assert p2.closed_within(5)
        f2.close()
        # No connection is up: the bootstrap link reaches CLIPPER_IP/CLIPPER_PORT again.
        assert f1.accept().expect(HELLO)[0] == 3
        wait_for(lambda: not running.container.is_ready, message="not ready without connections")
    finally:
        f1.close()


def test_an_invalid_membership_is_a_protocol_error_naming_the_field(frontend, start_container, caplog):
    start_container(echo, frontend.port)
    peer = frontend.accept()
    peer.expect(HELLO)
    peer.welcome(membership=[["f1", "127.0.0.1", 70000]])
    assert peer.closed_within(5)
    assert any("Membership.frontends.port: expected an integer from 1 to 65535, received 70000." in r.getMessage() for r in caplog.records)
