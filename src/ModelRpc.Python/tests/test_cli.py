"""python3 -m clipper_rpc: loading the entry point, the environment, precise errors, structured logs."""

import json
import os
import subprocess
import sys

import pytest

from clipper_rpc.cli import EntryError, load_entry
from fake_frontend import GRANT, HELLO

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MODELS = os.path.join(os.path.dirname(__file__), "models")
ENV = {"CLIPPER_MODEL_NAME": "sleepy", "CLIPPER_MODEL_VERSION": "1", "CLIPPER_IP": "127.0.0.1", "CLIPPER_PORT": "1"}


def run(args, env=None, timeout=30):
    environment = dict(os.environ, PYTHONPATH=PACKAGE_ROOT, **ENV)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "clipper_rpc", *args], env=environment, capture_output=True, text=True, timeout=timeout)


def test_load_entry_finds_functions_and_dotted_attributes():
    assert load_entry("sleepy:predict", MODELS)(["ab"]) == [2]
    assert load_entry("sleepy:Model.predict", MODELS)(["ab"]) == ["class:2"]


@pytest.mark.parametrize("entry,message", [
    ("sleepy", "--entry is 'sleepy'; expected MODULE:FUNCTION, e.g. model:predict"),
    ("missing:predict", "module 'missing' was not found in"),
    ("sleepy:nothing", "sleepy has no attribute 'nothing'; expected a function predict(inputs) -> list"),
    ("sleepy:not_callable", "sleepy:not_callable is a int, not a function; expected predict(inputs) -> list"),
])
def test_a_bad_entry_is_refused_with_a_precise_message(entry, message):
    with pytest.raises(EntryError) as error:
        load_entry(entry, MODELS)
    assert message in str(error.value)


def test_a_bad_entry_exits_2_naming_the_problem():
    result = run(["--entry", "sleepy:nothing", "--path", MODELS])
    assert result.returncode == 2
    assert "sleepy has no attribute 'nothing'" in result.stderr


def test_a_folder_that_does_not_exist_is_named():
    result = run(["--entry", "sleepy:predict", "--path", "/no/such/folder"])
    assert result.returncode == 2
    assert "--path is '/no/such/folder', which is not a folder" in result.stderr


def test_an_import_error_in_the_model_is_shown_with_its_traceback():
    result = run(["--entry", "broken:predict", "--path", MODELS])
    assert result.returncode == 1
    assert "this model needs a package that is not installed" in result.stderr


@pytest.mark.parametrize("name,value,expected", [
    ("CLIPPER_MODEL_NAME", "Bad_Name", 'Environment variable CLIPPER_MODEL_NAME is "Bad_Name"; expected a DNS-1123 label'),
    ("CLIPPER_PORT", "http", 'Environment variable CLIPPER_PORT is "http"; expected a TCP port from 1 to 65535'),
    ("CLIPPER_INPUT_TYPE", "tensor", 'Environment variable CLIPPER_INPUT_TYPE is "tensor"; expected one of bytes|byte|b'),
    ("CLIPPER_CONCURRENCY", "0", 'Environment variable CLIPPER_CONCURRENCY is "0"; expected an integer from 1 to 1024'),
])
def test_a_bad_environment_exits_2_naming_the_variable(name, value, expected):
    result = run(["--entry", "sleepy:predict", "--path", MODELS], env={name: value})
    assert result.returncode == 2
    assert expected in result.stderr


def test_a_missing_model_name_is_named():
    environment = {k: v for k, v in os.environ.items() if k != "CLIPPER_MODEL_NAME"}
    environment.update(PYTHONPATH=PACKAGE_ROOT, CLIPPER_MODEL_VERSION="1")
    result = subprocess.run([sys.executable, "-m", "clipper_rpc", "--entry", "sleepy:predict", "--path", MODELS],
                            env=environment, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Environment variable CLIPPER_MODEL_NAME is not set" in result.stderr


def test_the_process_serves_from_the_environment_and_logs_json(frontend):
    environment = dict(os.environ, PYTHONPATH=PACKAGE_ROOT, **ENV)
    environment.update(CLIPPER_PORT=str(frontend.port), CLIPPER_INPUT_TYPE="s", CLIPPER_LOG_FORMAT="json")
    process = subprocess.Popen([sys.executable, "-m", "clipper_rpc", "--entry", "sleepy:predict", "--path", MODELS],
                               env=environment, stderr=subprocess.PIPE, text=True)
    try:
        peer = frontend.accept()
        assert peer.expect(HELLO)[1:4] == ["sleepy", "1", "strings"]
        peer.welcome(frontend_id="f1")
        peer.expect(GRANT)
        peer.batch(1, 5, ["abcd"])
        assert peer.expect_response() == [1, ["4"]]
        process.terminate()
        peer.closed_within(5, skip=(5, 6, 9))
        peer.close()
        process.wait(10)
        lines = [json.loads(line) for line in process.stderr.read().splitlines() if line.startswith("{")]
        welcomed = next(line for line in lines if line["State"]["Event"] == "welcomed")
        assert welcomed["State"]["frontend_id"] == "f1" and welcomed["State"]["replica_id"] == 0
        assert welcomed["LogLevel"] == "Information" and welcomed["Category"].startswith("clipper_rpc.")
    finally:
        process.kill()
        process.wait(5)
