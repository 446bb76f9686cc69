"""Batches of every input type, outputs as strings and JSON, per-input and per-batch errors."""

import json
import struct

import numpy as np
import pytest

from fake_frontend import BATCH_REQUEST, GRANT, HELLO

INTEGERS, FLOATS, DOUBLES, BYTES, STRINGS = 1, 2, 3, 4, 5


def served(frontend, start_container, predict, **options):
    start_container(predict, frontend.port, **options)
    peer = frontend.accept()
    peer.handshake()
    assert peer.expect(GRANT) is True
    return peer


def ask(peer, batch_id, code, inputs):
    peer.batch(batch_id, code, inputs)
    response = peer.expect_response()
    assert response[0] == batch_id
    return response[1]


@pytest.mark.parametrize("numpy_inputs", [True, False])
@pytest.mark.parametrize("type_name,code,fmt,values", [
    ("integers", INTEGERS, "<3i", [1, -2, 2147483647]),
    ("floats", FLOATS, "<3f", [0.5, -1.25, 3.0]),
    ("doubles", DOUBLES, "<3d", [0.1, -2.5, 1e300]),
])
def test_numeric_inputs_arrive_as_numpy_arrays_or_lists(frontend, start_container, numpy_inputs, type_name, code, fmt, values):
    seen = []

    def predict(inputs):
        seen.extend(inputs)
        return [json.dumps({"type": type(x).__name__, "dtype": str(getattr(x, "dtype", "")), "sum": float(sum(x))}) for x in inputs]

    peer = served(frontend, start_container, predict, input_type=type_name, numpy_inputs=numpy_inputs)
    results = ask(peer, 1, code, [struct.pack(fmt, *values), b""])
    first = json.loads(results[0])
    if numpy_inputs:
        assert first["type"] == "ndarray"
        assert first["dtype"] == {"integers": "int32", "floats": "float32", "doubles": "float64"}[type_name]
        assert seen[0].flags.writeable
        np.testing.assert_allclose(seen[0], values, rtol=1e-6)
    else:
        assert first["type"] == "list"
        assert seen[0] == pytest.approx(values, rel=1e-6)
    assert json.loads(results[1])["sum"] == 0.0


def test_bytes_inputs_arrive_as_bytes(frontend, start_container):
    peer = served(frontend, start_container, lambda inputs: [x.hex() for x in inputs], input_type="bytes")
    assert ask(peer, 1, BYTES, [b"\x00\xff", b""]) == ["00ff", ""]


def test_strings_inputs_arrive_as_str(frontend, start_container):
    peer = served(frontend, start_container, lambda inputs: [x.upper() for x in inputs], input_type="strings")
    assert ask(peer, 1, STRINGS, ["héllo", ""]) == ["HÉLLO", ""]


def test_outputs_other_than_str_are_sent_as_json(frontend, start_container):
    outputs = [{"label": 1, "p": [0.25, 0.75]}, 3, None, np.int64(4), np.array([1.5, 2.0]), True]
    peer = served(frontend, start_container, lambda inputs: outputs, input_type="strings")
    results = ask(peer, 1, STRINGS, ["a"] * 6)
    assert [json.loads(r) for r in results] == [{"label": 1, "p": [0.25, 0.75]}, 3, None, 4, [1.5, 2.0], True]


def test_a_numpy_array_of_outputs_is_one_output_per_row(frontend, start_container):
    peer = served(frontend, start_container, lambda inputs: np.array([[1, 2], [3, 4]]))
    assert ask(peer, 1, DOUBLES, [b"", b""]) == ["[1, 2]", "[3, 4]"]


def test_an_exception_returned_for_one_input_fails_only_that_input(frontend, start_container):
    def predict(inputs):
        return [ValueError(f"expected 4 features, received {len(x)}") if len(x) != 4 else "ok" for x in inputs]

    peer = served(frontend, start_container, predict)
    results = ask(peer, 1, DOUBLES, [b"\0" * 32, b"\0" * 8])
    assert results == ["ok", ["predict function failed input 1 of 2: ValueError: expected 4 features, received 1"]]


def test_an_output_that_is_not_serialisable_fails_only_that_input(frontend, start_container):
    peer = served(frontend, start_container, lambda inputs: ["fine", object()], input_type="strings")
    results = ask(peer, 1, STRINGS, ["a", "b"])
    assert results[0] == "fine"
    assert results[1][0].startswith("predict function returned output 1 of 2 of type object, which is neither a str nor JSON-serialisable")


def test_an_exception_from_predict_answers_every_input_and_the_container_serves_on(frontend, start_container, caplog):
    calls = []

    def predict(inputs):
        calls.append(len(inputs))
        if len(calls) == 1:
            raise RuntimeError("model not loaded")
        return ["fine"] * len(inputs)

    peer = served(frontend, start_container, predict)
    assert ask(peer, 1, DOUBLES, [b"", b""]) == [["predict function threw RuntimeError: model not loaded"]] * 2
    assert peer.expect(GRANT) is True
    assert ask(peer, 2, DOUBLES, [b""]) == ["fine"]
    failure = next(r for r in caplog.records if getattr(r, "event", "") == "predict_failed")
    assert failure.exc_info is not None and failure.fields["batch_id"] == 1


@pytest.mark.parametrize("outputs,message", [
    (["one"], "predict function returned 1 outputs for 2 inputs"),
    (None, "predict function returned None instead of 2 outputs"),
    ("ab", "predict function returned str; expected a list of 2 outputs, one per input"),
    (7, "predict function returned int; expected a list of 2 outputs, one per input"),
])
def test_the_wrong_outputs_answer_every_input_naming_the_cause(frontend, start_container, outputs, message):
    peer = served(frontend, start_container, lambda inputs: outputs)
    assert ask(peer, 1, DOUBLES, [b"", b""]) == [[message], [message]]


def test_a_batch_of_another_input_type_is_answered_with_errors_and_the_connection_stays(frontend, start_container):
    peer = served(frontend, start_container, lambda inputs: ["x"] * len(inputs))
    message = "BatchRequest.input_type_code: expected 3 (doubles), the type this container serves, received 5 (strings)."
    assert ask(peer, 1, STRINGS, ["a", "b"]) == [[message], [message]]
    assert peer.expect(GRANT) is True
    assert ask(peer, 2, DOUBLES, [b""]) == ["x"]


@pytest.mark.parametrize("type_name,code,inputs,message", [
    ("doubles", DOUBLES, [b"\0" * 8, b"\0" * 12], "BatchRequest input 1 of 2: input: expected a bin whose length is a multiple of 8 (doubles: float64), received 12 bytes."),
    ("integers", INTEGERS, [b"\0" * 3], "BatchRequest input 0 of 1: input: expected a bin whose length is a multiple of 4 (integers: int32), received 3 bytes."),
    ("bytes", BYTES, ["text"], "BatchRequest input 0 of 1: input: expected a bin, received a str."),
    ("strings", STRINGS, [b"raw"], "BatchRequest input 0 of 1: input: expected a str, received a bin."),
])
def test_inputs_that_do_not_fit_the_type_are_answered_with_errors(frontend, start_container, type_name, code, inputs, message):
    peer = served(frontend, start_container, lambda xs: ["x"] * len(xs), input_type=type_name)
    assert ask(peer, 1, code, inputs) == [[message]] * len(inputs)


def test_a_response_larger_than_the_frame_limit_is_answered_with_errors(frontend, start_container):
    peer = served(frontend, start_container, lambda inputs: ["y" * 5000 for _ in inputs], input_type="strings", max_frame_bytes=4096)
    results = ask(peer, 1, STRINGS, ["a", "b"])
    assert results[0][0].startswith("the outputs make a response of ") and results[0][0].endswith("expected at most 4096 bytes (max_frame_bytes)")


def test_a_frame_larger_than_the_limit_closes_the_connection_naming_the_limit(frontend, start_container, caplog):
    peer = served(frontend, start_container, lambda inputs: ["x"] * len(inputs), input_type="strings", max_frame_bytes=2048)
    peer.batch(1, STRINGS, ["z" * 4000])
    assert peer.closed_within(5)
    assert any("expected at most 2048 bytes (max_frame_bytes)" in r.getMessage() for r in caplog.records)
    frontend.accept().expect(HELLO)


def test_a_malformed_batch_request_closes_the_connection(frontend, start_container, caplog):
    peer = served(frontend, start_container, lambda inputs: ["x"] * len(inputs))
    peer.send(BATCH_REQUEST, [1, 3])
    assert peer.closed_within(5)
    assert any("BatchRequest: expected an array of 4 elements, received an array of 2." in r.getMessage() for r in caplog.records)


def test_predict_never_runs_on_the_event_loop(frontend, start_container):
    import asyncio
    import threading

    where = []

    def predict(inputs):
        try:
            asyncio.get_running_loop()
            where.append("loop")
        except RuntimeError:
            where.append(threading.current_thread().name)
        return ["x"] * len(inputs)

    peer = served(frontend, start_container, predict)
    ask(peer, 1, DOUBLES, [b""])
    assert where[0].startswith("clipper-predict")
