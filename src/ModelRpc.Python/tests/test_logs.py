"""The JSON log lines: the shape of .NET's JSON console logs, so every process of a cluster writes alike."""

import json
import logging

from clipper_rpc.logs import JsonFormatter, KeyValueFormatter, log_event


def _record(level, event, message, exc_info=None, **fields):
    logger = logging.getLogger("clipper_rpc.test")
    captured = []

    class Capture(logging.Handler):
        def emit(self, record):
            captured.append(record)

    handler = Capture()
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        log_event(logger, level, event, message, exc_info=exc_info, **fields)
    finally:
        logger.removeHandler(handler)
    return captured[0]


def test_a_json_line_has_the_dotnet_fields_in_their_order():
    line = JsonFormatter().format(_record(logging.INFO, "welcomed", "welcomed by f1", frontend_id="f1", replica_id=0))

    document = json.loads(line)
    assert list(document) == ["Timestamp", "EventId", "LogLevel", "Category", "Message", "State"]
    assert document["LogLevel"] == "Information"
    assert document["Category"] == "clipper_rpc.test"
    assert document["Message"] == "welcomed by f1"
    assert document["EventId"] == 0
    assert document["Timestamp"].endswith("Z") and len(document["Timestamp"]) == len("2026-12-07T01:02:03.456Z")
    assert document["State"] == {"Message": "welcomed by f1", "Event": "welcomed", "frontend_id": "f1", "replica_id": 0}


def test_every_python_level_reads_as_its_dotnet_name():
    names = {logging.DEBUG: "Debug", logging.INFO: "Information", logging.WARNING: "Warning", logging.ERROR: "Error", logging.CRITICAL: "Critical"}
    for level, name in names.items():
        assert json.loads(JsonFormatter().format(_record(level, "e", "m")))["LogLevel"] == name


def test_a_failure_carries_its_exception_before_the_state_and_fields_that_are_not_json_become_text():
    try:
        raise ValueError("bad input")
    except ValueError:
        import sys
        record = _record(logging.ERROR, "predict_failed", "predict failed", exc_info=sys.exc_info(), batch=object.__new__(object))

    document = json.loads(JsonFormatter().format(record))
    assert list(document)[-2:] == ["Exception", "State"]
    assert "ValueError: bad input" in document["Exception"]
    assert isinstance(document["State"]["batch"], str)


def test_a_field_named_like_a_state_key_does_not_replace_it():
    document = json.loads(JsonFormatter().format(_record(logging.INFO, "e", "the message", Message="a field")))

    assert document["State"]["Message"] == "the message"


def test_text_lines_keep_their_key_value_shape():
    line = KeyValueFormatter().format(_record(logging.WARNING, "connection_lost", "lost it", error="reset by peer"))

    assert " WARNING clipper_rpc.test connection_lost error=\"reset by peer\" msg=\"lost it\"" in line
