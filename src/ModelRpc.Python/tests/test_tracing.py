"""Protocol version 3: the trace context a batch carries, the model time its answer reports, and a
version 2 frontend served as before."""

import time

from fake_frontend import BATCH_REQUEST, GRANT, HELLO

import clipper_rpc

STRINGS = 5
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def traced_echo(inputs):
    return [clipper_rpc.current_traceparent() or "none" for _ in inputs]


def sleepy(inputs):
    time.sleep(0.05)
    return ["slept"] * len(inputs)


def served(frontend, start_container, predict, version=3):
    start_container(predict, frontend.port, input_type="strings")
    peer = frontend.accept()
    assert peer.expect(HELLO)[0] == 3
    peer.welcome(version=version)
    assert peer.expect(GRANT) is True
    return peer


def test_the_predict_function_sees_the_batch_traceparent(frontend, start_container):
    peer = served(frontend, start_container, traced_echo)
    peer.batch(1, STRINGS, ["a", "b"], TRACEPARENT)
    assert peer.expect_response() == [1, [TRACEPARENT, TRACEPARENT]]
    peer.batch(2, STRINGS, ["a"], None)
    assert peer.expect_response() == [2, ["none"]]


def test_a_malformed_traceparent_is_ignored_and_the_connection_stays(frontend, start_container):
    peer = served(frontend, start_container, traced_echo)
    peer.batch(1, STRINGS, ["a"], "00-not-a-traceparent")
    assert peer.expect_response() == [1, ["none"]]
    peer.batch(2, STRINGS, ["a"], TRACEPARENT)
    assert peer.expect_response() == [2, [TRACEPARENT]]


def test_a_trace_context_of_the_wrong_type_closes_the_connection(frontend, start_container, caplog):
    peer = served(frontend, start_container, traced_echo)
    peer.send(BATCH_REQUEST, [1, STRINGS, ["a"], 42])
    assert peer.closed_within(5)
    assert any("BatchRequest.trace_context: expected nil or a str (a W3C traceparent), received an integer." in r.getMessage()
               for r in caplog.records)


def test_the_answer_reports_how_long_predict_took(frontend, start_container):
    peer = served(frontend, start_container, sleepy)
    peer.batch(1, STRINGS, ["a"])
    assert peer.expect_response() == [1, ["slept"]]
    assert 50_000 <= peer.last_model_time_us < 5_000_000


def test_a_version_2_frontend_gets_version_2_frames(frontend, start_container):
    peer = served(frontend, start_container, traced_echo, version=2)
    peer.batch(1, STRINGS, ["a"])
    assert peer.expect_response() == [1, ["none"]]
