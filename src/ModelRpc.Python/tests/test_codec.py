"""Frames and message bodies, read with the same wording as the .NET library; inputs and outputs."""

import struct

import msgpack
import pytest

from clipper_rpc import codec
from clipper_rpc.codec import ProtocolViolation
from clipper_rpc.inputs import InputDecoder, InputType
from clipper_rpc.outputs import encode_output, encode_outputs
from clipper_rpc.protocol import MessageType


def pack(value):
    return msgpack.packb(value, use_bin_type=True)


def test_a_frame_is_a_big_endian_length_the_type_and_the_body():
    assert codec.hello("m", "1", InputType.DOUBLES, "c") == struct.pack(">I", 1 + len(pack([3, "m", "1", "doubles", "c"]))) + b"\x01" + pack([3, "m", "1", "doubles", "c"])
    assert codec.HEARTBEAT == b"\x00\x00\x00\x02\x05\xc0"
    assert codec.GRANT_PARKED == b"\x00\x00\x00\x02\x09\xc3" and codec.GRANT_ON_DEMAND == b"\x00\x00\x00\x02\x09\xc2"
    assert codec.REVOKE == b"\x00\x00\x00\x02\x0a\xc0"


def test_hello_with_a_join_token_carries_it_sixth():
    body = pack([3, "m", "1", "doubles", "c", "0123456789abcdef"])
    assert codec.hello("m", "1", InputType.DOUBLES, "c", "0123456789abcdef") == struct.pack(">I", 1 + len(body)) + b"\x01" + body


def test_a_welcome_is_read():
    assert codec.read_welcome(pack([3, 3, 500, "front-1"])) == codec.Welcome(3, 500, "front-1", 3)
    assert codec.read_welcome(pack([2, 3, 500, "front-1"])) == codec.Welcome(3, 500, "front-1", 2)


@pytest.mark.parametrize("value,message", [
    ([4, 0, 1000, "f"], "Welcome.protocol_version: received protocol version 4; expected 2 or 3, the versions this side speaks."),
    ([1, 0], "Welcome.protocol_version: received protocol version 1; expected 2 or 3"),
    ([2, 0, 1000], "Welcome: expected an array of 4 elements, received an array of 3."),
    ([], "Welcome: expected an array of 4 elements, received an array of 0."),
    ("hi", "Welcome: expected an array, received a str."),
    ([2, 0, 0, "f"], "Welcome.heartbeat_interval_ms: expected an integer from 1 to 2147483647, received 0."),
    ([2, 0, 1000, ""], "Welcome.frontend_id: expected 1 to 255 UTF-8 bytes, received 0 bytes."),
    ([2, True, 1000, "f"], "Welcome.replica_id: expected an integer, received a bool."),
])
def test_a_bad_welcome_names_the_field(value, message):
    with pytest.raises(ProtocolViolation) as error:
        codec.read_welcome(pack(value))
    assert message in str(error.value)


def test_bodies_must_be_exactly_one_well_formed_value():
    with pytest.raises(ProtocolViolation, match="Goodbye: expected exactly one MessagePack value, received 1 more bytes after it."):
        codec.read_goodbye(pack(["bye"]) + b"\xc0")
    with pytest.raises(ProtocolViolation, match="Goodbye: the body is not well-formed MessagePack"):
        codec.read_goodbye(b"\x91")
    with pytest.raises(ProtocolViolation, match=r"Heartbeat: expected nil, received an integer."):
        codec.read_signal(pack(1), MessageType.HEARTBEAT)
    with pytest.raises(ProtocolViolation, match=r"Release: expected exactly one MessagePack value, received 1 more bytes"):
        codec.read_signal(b"\xc0\xc0", MessageType.RELEASE)


def test_demand_and_membership_are_read_and_checked():
    assert codec.read_demand(pack([4, -20])) == codec.Demand(4, -20)
    with pytest.raises(ProtocolViolation, match="Demand.queued: expected an integer from 1"):
        codec.read_demand(pack([0, 5]))
    membership = codec.read_membership(pack([2, [["a", "10.0.0.1", 7000], ["b", "h", 7001]]]))
    assert membership.max_frontends_per_replica == 2 and [f.id for f in membership.frontends] == ["a", "b"]
    with pytest.raises(ProtocolViolation, match='a second entry for "a"'):
        codec.read_membership(pack([0, [["a", "h", 1], ["a", "h", 2]]]))
    with pytest.raises(ProtocolViolation, match="expected 1 to 10000 frontends"):
        codec.read_membership(pack([0, []]))
    with pytest.raises(ProtocolViolation, match="Membership.frontends.host: expected 1 to 253 UTF-8 bytes, received 254 bytes."):
        codec.read_membership(pack([0, [["a", "h" * 254, 1]]]))


def test_a_batch_request_is_read_up_to_its_raw_inputs():
    request = codec.read_batch_request(pack([2**64 - 1, 5, ["a", "b"]]), 2)
    assert (request.batch_id, request.input_type_code, request.inputs, request.trace_context) == (2**64 - 1, 5, ["a", "b"], None)
    with pytest.raises(ProtocolViolation, match="BatchRequest.batch_id: expected an integer from 0 to 18446744073709551615, received -1."):
        codec.read_batch_request(pack([-1, 5, []]), 2)
    with pytest.raises(ProtocolViolation, match="BatchRequest.inputs: expected an array, received a map."):
        codec.read_batch_request(pack([1, 5, {}]), 2)


TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.mark.parametrize("value,expected", [
    (None, None),
    (TRACEPARENT, TRACEPARENT),
    ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", None),
    ("00-00000000000000000000000000000000-b7ad6b7169203331-01", None),
    ("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", None),
    ("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", None),
    ("not a traceparent", None),
])
def test_a_version_3_batch_request_carries_its_trace_context_and_ignores_a_malformed_one(value, expected):
    assert codec.read_batch_request(pack([1, 5, ["a"], value]), 3).trace_context == expected


@pytest.mark.parametrize("value,message", [
    ([1, 5, ["a"]], "BatchRequest: expected an array of 4 elements, received an array of 3."),
    ([1, 5, ["a"], 7], "BatchRequest.trace_context: expected nil or a str (a W3C traceparent), received an integer."),
    ([1, 5, ["a"], b"00-"], "BatchRequest.trace_context: expected nil or a str (a W3C traceparent), received a bin."),
])
def test_a_version_3_batch_request_of_the_wrong_shape_is_a_protocol_error(value, message):
    with pytest.raises(ProtocolViolation) as error:
        codec.read_batch_request(pack(value), 3)
    assert message in str(error.value)


def test_a_batch_response_carries_the_model_time_in_version_3_only():
    assert msgpack.unpackb(codec.batch_response_body(4, ["x"], 3, 1234)) == [4, ["x"], 1234]
    assert msgpack.unpackb(codec.batch_response_body(4, ["x"], 2, 1234)) == [4, ["x"]]
    assert msgpack.unpackb(codec.batch_errors_body(4, 2, "boom", 3, 7)) == [4, [["boom"], ["boom"]], 7]


def test_numeric_inputs_are_little_endian_whatever_the_machine():
    raw = struct.pack("<2i", 1, -1)
    assert InputDecoder(InputType.INTEGERS, use_numpy=False).decode([raw]) == ([[1, -1]], None)
    values, _ = InputDecoder(InputType.INTEGERS, use_numpy=True).decode([raw])
    assert values[0].tolist() == [1, -1] and values[0].dtype.str == "<i4"


def test_outputs_are_strings_json_or_per_input_errors():
    assert encode_output(0, 1, "plain") == "plain"
    assert encode_output(0, 1, {"a": [1, 2.5]}) == '{"a": [1, 2.5]}'
    assert encode_output(0, 1, KeyError("k")) == ["predict function failed input 0 of 1: KeyError: 'k'"]
    assert encode_output(1, 2, float("nan"))[0].startswith("predict function returned output 1 of 2 of type float, which is neither a str nor JSON-serialisable")
    assert encode_outputs((1, "x"), 2) == (["1", "x"], None)
    assert encode_outputs({"a": 1}, 1) == (None, "predict function returned dict; expected a list of 1 outputs, one per input")
