"""ContainerOptions: the CLIPPER_* environment with Clipper's aliases and defaults, and validation."""

import os
import socket

import pytest

from clipper_rpc import ContainerOptions, InputType, OptionsError

BASE = {"CLIPPER_MODEL_NAME": "iris", "CLIPPER_MODEL_VERSION": "2"}


def test_the_environment_gives_every_setting():
    options = ContainerOptions.from_environment({
        **BASE, "CLIPPER_IP": " frontend.svc ", "CLIPPER_PORT": "7001", "CLIPPER_INPUT_TYPE": "Strs",
        "CLIPPER_READY_FILE": "/tmp/ready.check", "CLIPPER_CONCURRENCY": "4",
    })
    assert (options.model_name, options.model_version) == ("iris", "2")
    assert (options.frontend_host, options.frontend_port) == ("frontend.svc", 7001)
    assert options.input_type is InputType.STRINGS
    assert options.ready_file == "/tmp/ready.check" and options.concurrency == 4


def test_defaults_are_clippers():
    options = ContainerOptions.from_environment(BASE)
    assert (options.frontend_host, options.frontend_port, options.input_type) == ("localhost", 7000, InputType.DOUBLES)
    assert options.concurrency == 1 and options.ready_file is None and options.max_frame_bytes == 64 * 1024 * 1024
    assert options.container_id == f"{socket.gethostname()}-{os.getpid()}"
    assert (options.reconnect_initial_delay, options.reconnect_max_delay, options.heartbeat_interval) == (0.1, 5.0, 1.0)


@pytest.mark.parametrize("alias,expected", [
    ("b", InputType.BYTES), ("byte", InputType.BYTES), ("i", InputType.INTEGERS), ("ints", InputType.INTEGERS),
    ("integer", InputType.INTEGERS), ("f", InputType.FLOATS), ("float", InputType.FLOATS), ("d", InputType.DOUBLES),
    ("DOUBLE", InputType.DOUBLES), ("s", InputType.STRINGS), ("str", InputType.STRINGS), ("string", InputType.STRINGS),
])
def test_clippers_input_type_aliases_are_accepted(alias, expected):
    assert ContainerOptions.from_environment({**BASE, "CLIPPER_INPUT_TYPE": alias}).input_type is expected


@pytest.mark.parametrize("name,value,expected", [
    ("CLIPPER_MODEL_VERSION", "v_1", "a DNS-1123 label"),
    ("CLIPPER_IP", "  ", "a host name or IP address"),
    ("CLIPPER_PORT", "0", "a TCP port from 1 to 65535"),
    ("CLIPPER_PORT", "65536", "a TCP port from 1 to 65535"),
    ("CLIPPER_PORT", "-1", "a TCP port from 1 to 65535"),
    ("CLIPPER_CONCURRENCY", "1025", "an integer from 1 to 1024"),
    ("CLIPPER_CONCURRENCY", "two", "an integer from 1 to 1024"),
    ("CLIPPER_READY_FILE", "", "a file path"),
    ("CLIPPER_INPUT_TYPE", "json", "one of bytes|byte|b, integers|ints|integer|int|i"),
])
def test_an_invalid_variable_is_named_with_its_value_and_what_was_expected(name, value, expected):
    with pytest.raises(OptionsError) as error:
        ContainerOptions.from_environment({**BASE, name: value})
    assert str(error.value).startswith(f'Environment variable {name} is "{value}"; expected {expected}')


def test_the_container_id_variable_replaces_the_host_name_and_process_id():
    assert ContainerOptions.from_environment({**BASE, "CLIPPER_CONTAINER_ID": " sum-1-0 "}).container_id == "sum-1-0"


@pytest.mark.parametrize("value", [" ", "x" * 256])
def test_a_container_id_variable_out_of_bounds_is_refused_with_its_value(value):
    with pytest.raises(OptionsError) as error:
        ContainerOptions.from_environment({**BASE, "CLIPPER_CONTAINER_ID": value})
    assert str(error.value) == f'Environment variable CLIPPER_CONTAINER_ID is "{value}"; expected a container id of 1 to 255 UTF-8 bytes.'


def test_a_missing_required_variable_is_named():
    with pytest.raises(OptionsError, match="Environment variable CLIPPER_MODEL_VERSION is not set; expected a DNS-1123 label"):
        ContainerOptions.from_environment({"CLIPPER_MODEL_NAME": "iris"})


@pytest.mark.parametrize("field,value,expected", [
    ("model_name", "", "a DNS-1123 label"),
    ("container_id", "", "1 to 255 UTF-8 bytes"),
    ("container_id", "x" * 256, "1 to 255 UTF-8 bytes"),
    ("concurrency", 0, "from 1 to 1024"),
    ("max_frame_bytes", 1000, "at least 1024 bytes"),
    ("reconnect_initial_delay", 0, "a positive number of seconds"),
    ("reconnect_max_delay", 0.05, "at least reconnect_initial_delay (0.1)"),
    ("heartbeat_interval", 0, "from 0.001 to 2147483.647 seconds"),
    ("drain_timeout", -1, "a positive number of seconds"),
    ("frontend_port", 70000, "a TCP port from 1 to 65535"),
    ("input_type", "tensor", "one of bytes|byte|b"),
])
def test_validation_names_the_setting_its_value_and_what_was_expected(field, value, expected):
    options = ContainerOptions(model_name="m", model_version="1")
    setattr(options, field, value)
    with pytest.raises(OptionsError) as error:
        options.validated()
    assert str(error.value).startswith(f"ContainerOptions.{field} is {value!r}; expected {expected}")


def test_validated_returns_a_copy_with_the_input_type_parsed():
    options = ContainerOptions(model_name="m", model_version="1", input_type="ints")
    checked = options.validated()
    assert checked is not options and checked.input_type is InputType.INTEGERS
    options.model_name = "changed"
    assert checked.model_name == "m"


def test_the_join_token_comes_from_the_environment_and_is_never_shown():
    token = "0123456789abcdef-the-cluster-token"
    options = ContainerOptions.from_environment({**BASE, "CLIPPER_JOIN_TOKEN": f" {token}\n"}).validated()
    assert options.join_token == token
    assert token not in repr(options)


@pytest.mark.parametrize("token", ["short", "has a space inside it", "non-ascii-é-token-here"])
def test_a_malformed_join_token_is_refused_without_showing_it(token):
    with pytest.raises(OptionsError) as refused:
        ContainerOptions(model_name="iris", model_version="2", join_token=token).validated()
    assert "join_token is not a join token" in str(refused.value) and token not in str(refused.value)


def test_the_tls_ca_variable_turns_tls_on_with_its_file_and_server_name(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("placeholder")
    options = ContainerOptions.from_environment({**BASE, "CLIPPER_TLS_CA": f" {ca}\n", "CLIPPER_TLS_SERVER_NAME": "frontend.example"}).validated()
    assert (options.use_tls, options.tls_ca, options.tls_server_name) == (True, str(ca), "frontend.example")


def test_without_the_tls_ca_variable_the_container_speaks_plain_tcp():
    options = ContainerOptions.from_environment(BASE).validated()
    assert (options.use_tls, options.tls_ca, options.tls_context()) == (False, None, None)


def test_a_tls_ca_variable_naming_no_file_is_refused_with_its_value(tmp_path):
    missing = str(tmp_path / "nowhere.pem")
    with pytest.raises(OptionsError) as refused:
        ContainerOptions.from_environment({**BASE, "CLIPPER_TLS_CA": missing})
    assert str(refused.value) == f'Environment variable CLIPPER_TLS_CA is "{missing}"; expected the path of a PEM file of CA certificates; no such file exists.'


def test_a_tls_server_name_without_a_tls_ca_is_refused():
    with pytest.raises(OptionsError) as refused:
        ContainerOptions.from_environment({**BASE, "CLIPPER_TLS_SERVER_NAME": "frontend.example"})
    assert "CLIPPER_TLS_SERVER_NAME" in str(refused.value) and "only with CLIPPER_TLS_CA" in str(refused.value)


def test_a_tls_ca_file_that_holds_no_certificate_is_refused_naming_it(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("not a certificate")
    options = ContainerOptions(model_name="iris", model_version="2", use_tls=True, tls_ca=str(ca)).validated()
    with pytest.raises(OptionsError) as refused:
        options.tls_context()
    assert f"ContainerOptions.tls_ca is {str(ca)!r}; expected a readable PEM file of CA certificates" in str(refused.value)


def test_tls_settings_without_use_tls_are_refused():
    with pytest.raises(OptionsError) as refused:
        ContainerOptions(model_name="iris", model_version="2", tls_ca="/etc/ssl/ca.pem").validated()
    assert "tls_ca is '/etc/ssl/ca.pem'; expected None unless use_tls is True" in str(refused.value)
