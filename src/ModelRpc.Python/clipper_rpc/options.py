"""Settings of a model container, read from Clipper's ``CLIPPER_*`` environment or set directly."""

import os
import random as _random
import re
import socket
import ssl
from dataclasses import dataclass, field, replace
from typing import Mapping, Optional

from .inputs import ACCEPTED_NAMES, InputType, numpy_available, parse_input_type
from .protocol import DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_MAX_FRAME_BYTES, DEFAULT_PORT, MAX_CONTAINER_ID_BYTES, MIN_MAX_FRAME_BYTES

#: The environment variables Clipper's container managers give every model container.
MODEL_NAME = "CLIPPER_MODEL_NAME"
MODEL_VERSION = "CLIPPER_MODEL_VERSION"
FRONTEND_HOST = "CLIPPER_IP"
FRONTEND_PORT = "CLIPPER_PORT"
INPUT_TYPE = "CLIPPER_INPUT_TYPE"
READY_FILE = "CLIPPER_READY_FILE"
CONCURRENCY = "CLIPPER_CONCURRENCY"
JOIN_TOKEN = "CLIPPER_JOIN_TOKEN"
TLS_CA = "CLIPPER_TLS_CA"
TLS_SERVER_NAME = "CLIPPER_TLS_SERVER_NAME"
#: An extension: a stable container id given by whoever starts the container (the local manager sets its replica id).
CONTAINER_ID = "CLIPPER_CONTAINER_ID"

#: A join token's shortest length; the cluster's are 43 characters.
MIN_JOIN_TOKEN_CHARS = 16
#: A join token's longest length, as the frontend reads it.
MAX_JOIN_TOKEN_BYTES = 256

#: The largest accepted concurrency.
MAX_CONCURRENCY = 1024

#: Model names and versions are DNS-1123 labels, as Clipper requires.
LABEL_RULE = "a DNS-1123 label: 1 to 63 characters from a-z, 0-9 and '-', starting and ending with a letter or digit"
_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")


def is_label(value) -> bool:
    """Whether a value is a DNS-1123 label (at most 63 characters)."""
    return isinstance(value, str) and len(value) <= 63 and _LABEL.fullmatch(value) is not None


class OptionsError(ValueError):
    """A setting or environment variable is invalid; the message names it, its value and what was expected."""


@dataclass
class ContainerOptions:
    """Settings of a :class:`~clipper_rpc.ModelContainer`; the container copies and validates them.

    Attributes:
        model_name: the model name, a DNS-1123 label. Required.
        model_version: the model version, a DNS-1123 label. Required.
        input_type: the type of every input. Default doubles, as in Clipper's containers.
        frontend_host: the query frontend reached first (it tells the container the others). Default ``localhost``.
        frontend_port: its RPC port. Default 7000.
        container_id: unique per container, sent in Hello. Default host name and process id (``CLIPPER_CONTAINER_ID``
            in from_environment). Frontends count each id's connections: an id kept across restarts shows a restart
            as a reconnect of the same container.
        concurrency: the most batches predicted at once across all frontends. Default 1: the predict
            function is never called concurrently, so it need not be thread-safe.
        max_frame_bytes: the largest frame accepted and the largest response sent. Default 64 MiB; at least 1 KiB.
        reconnect_initial_delay / reconnect_max_delay: backoff bounds in seconds (0.1 and 5).
        connect_timeout: seconds one connection attempt may take. Default 5.
        heartbeat_interval: seconds; the handshake gives up after three of them without a Welcome. Default 1.
        ready_file: a file that exists while the container is connected and welcomed. Default none.
        drain_timeout: seconds a drain waits for batches in flight before closing anyway. Default 30.
        numpy_inputs: numeric inputs as numpy arrays (True) or lists (False). Default: numpy if importable.
        random: the source of reconnection jitter.
        use_tls: connect to every frontend over TLS (1.2 or 1.3), checking its certificate. Default False.
        tls_ca: a PEM file of the CA certificates frontends' certificates chain to (a self-signed certificate may
            be its own); None for the system's CA store. Only with use_tls.
        tls_server_name: the name frontends' certificates must carry; None for the host connected to. Only with use_tls.
    """

    model_name: str = ""
    model_version: str = ""
    input_type: InputType = InputType.DOUBLES
    frontend_host: str = "localhost"
    frontend_port: int = DEFAULT_PORT
    container_id: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    concurrency: int = 1
    max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES
    reconnect_initial_delay: float = 0.1
    reconnect_max_delay: float = 5.0
    connect_timeout: float = 5.0
    heartbeat_interval: float = DEFAULT_HEARTBEAT_INTERVAL_MS / 1000
    ready_file: Optional[str] = None
    #: The cluster's join token, sent in Hello; never shown in repr or errors.
    join_token: Optional[str] = field(default=None, repr=False)
    drain_timeout: float = 30.0
    numpy_inputs: bool = field(default_factory=numpy_available)
    random: _random.Random = field(default_factory=_random.Random)
    use_tls: bool = False
    tls_ca: Optional[str] = None
    tls_server_name: Optional[str] = None

    @classmethod
    def from_environment(cls, environ: Optional[Mapping[str, str]] = None, **overrides) -> "ContainerOptions":
        """Reads ``CLIPPER_MODEL_NAME`` and ``CLIPPER_MODEL_VERSION`` (required), ``CLIPPER_IP``
        (default ``localhost``), ``CLIPPER_PORT`` (7000), ``CLIPPER_INPUT_TYPE`` (doubles; Clipper's
        aliases accepted), ``CLIPPER_READY_FILE`` (none), ``CLIPPER_CONCURRENCY`` (1) and ``CLIPPER_JOIN_TOKEN``
        (none; frontends with a join token refuse containers without it), ``CLIPPER_TLS_CA`` (none; set, it turns TLS on)
        ``CLIPPER_TLS_SERVER_NAME`` (the host connected to) and ``CLIPPER_CONTAINER_ID`` (host name and process id).

        Raises:
            OptionsError: a variable is missing or invalid.
        """
        env = os.environ if environ is None else environ
        values = {"model_name": _required_label(env, MODEL_NAME), "model_version": _required_label(env, MODEL_VERSION)}
        if FRONTEND_HOST in env:
            host = env[FRONTEND_HOST].strip()
            values["frontend_host"] = host or _invalid(FRONTEND_HOST, env[FRONTEND_HOST], "a host name or IP address")
        if FRONTEND_PORT in env:
            values["frontend_port"] = _int_variable(env, FRONTEND_PORT, 1, 65535, "a TCP port from 1 to 65535")
        if INPUT_TYPE in env:
            try:
                values["input_type"] = parse_input_type(env[INPUT_TYPE])
            except ValueError:
                _invalid(INPUT_TYPE, env[INPUT_TYPE], "one of " + ACCEPTED_NAMES)
        if CONCURRENCY in env:
            values["concurrency"] = _int_variable(env, CONCURRENCY, 1, MAX_CONCURRENCY, f"an integer from 1 to {MAX_CONCURRENCY}")
        if READY_FILE in env:
            path = env[READY_FILE].strip()
            values["ready_file"] = path or _invalid(READY_FILE, env[READY_FILE], "a file path")
        if CONTAINER_ID in env:
            container_id = env[CONTAINER_ID].strip()
            if not 1 <= len(container_id.encode("utf-8")) <= MAX_CONTAINER_ID_BYTES:
                _invalid(CONTAINER_ID, env[CONTAINER_ID], f"a container id of 1 to {MAX_CONTAINER_ID_BYTES} UTF-8 bytes")
            values["container_id"] = container_id
        if env.get(JOIN_TOKEN, "").strip():
            values["join_token"] = env[JOIN_TOKEN].strip()
        if env.get(TLS_CA, "").strip():
            path = env[TLS_CA].strip()
            values["use_tls"] = True
            values["tls_ca"] = path if os.path.isfile(path) else _invalid(TLS_CA, env[TLS_CA], "the path of a PEM file of CA certificates; no such file exists")
        if env.get(TLS_SERVER_NAME, "").strip():
            if not values.get("use_tls"):
                _invalid(TLS_SERVER_NAME, env[TLS_SERVER_NAME], f"to be set only with {TLS_CA}, which turns TLS on")
            values["tls_server_name"] = env[TLS_SERVER_NAME].strip()
        values.update(overrides)
        return cls(**values)

    def validated(self) -> "ContainerOptions":
        """A checked copy, so later changes by the caller do not reach a running container.

        Raises:
            OptionsError: a setting is invalid; the message names it, its value and what was expected.
        """
        options = replace(self)
        _require(is_label(options.model_name), "model_name", options.model_name, LABEL_RULE)
        _require(is_label(options.model_version), "model_version", options.model_version, LABEL_RULE)
        try:
            options.input_type = parse_input_type(options.input_type)
        except ValueError:
            _require(False, "input_type", options.input_type, "one of " + ACCEPTED_NAMES)
        _require(isinstance(options.frontend_host, str) and options.frontend_host.strip() != "", "frontend_host", options.frontend_host, "a host name or IP address")
        _require(_is_int(options.frontend_port) and 1 <= options.frontend_port <= 65535, "frontend_port", options.frontend_port, "a TCP port from 1 to 65535")
        id_bytes = len(options.container_id.encode("utf-8")) if isinstance(options.container_id, str) else 0
        _require(1 <= id_bytes <= MAX_CONTAINER_ID_BYTES, "container_id", options.container_id, f"1 to {MAX_CONTAINER_ID_BYTES} UTF-8 bytes")
        _require(_is_int(options.concurrency) and 1 <= options.concurrency <= MAX_CONCURRENCY, "concurrency", options.concurrency, f"from 1 to {MAX_CONCURRENCY}")
        if options.join_token is not None and not _is_join_token(options.join_token):
            # The value is a secret: the message describes it without showing it.
            raise OptionsError(f"ContainerOptions.join_token is not a join token; expected {MIN_JOIN_TOKEN_CHARS} to "
                               f"{MAX_JOIN_TOKEN_BYTES} printable ASCII characters without spaces, as the cluster's {JOIN_TOKEN}.")
        _require(_is_int(options.max_frame_bytes) and options.max_frame_bytes >= MIN_MAX_FRAME_BYTES, "max_frame_bytes", options.max_frame_bytes, f"at least {MIN_MAX_FRAME_BYTES} bytes")
        for name in ("reconnect_initial_delay", "connect_timeout", "drain_timeout"):
            _require(_is_positive(getattr(options, name)), name, getattr(options, name), "a positive number of seconds")
        _require(
            _is_positive(options.reconnect_max_delay) and options.reconnect_max_delay >= options.reconnect_initial_delay,
            "reconnect_max_delay", options.reconnect_max_delay, f"at least reconnect_initial_delay ({options.reconnect_initial_delay})",
        )
        _require(
            _is_positive(options.heartbeat_interval) and 0.001 <= options.heartbeat_interval <= (2**31 - 1) / 1000,
            "heartbeat_interval", options.heartbeat_interval, "from 0.001 to 2147483.647 seconds",
        )
        _require(options.ready_file is None or (isinstance(options.ready_file, str) and options.ready_file.strip() != ""), "ready_file", options.ready_file, "None (no file) or a file path")
        _require(not options.numpy_inputs or numpy_available(), "numpy_inputs", options.numpy_inputs, "False, since numpy cannot be imported (install python3-numpy)")
        _require(isinstance(options.use_tls, bool), "use_tls", options.use_tls, "True or False")
        _require(options.use_tls or options.tls_ca is None, "tls_ca", options.tls_ca, f"None unless use_tls is True ({TLS_CA} turns both on)")
        _require(options.use_tls or options.tls_server_name is None, "tls_server_name", options.tls_server_name, "None unless use_tls is True")
        _require(options.tls_ca is None or (isinstance(options.tls_ca, str) and options.tls_ca.strip() != ""), "tls_ca", options.tls_ca, "None (the system's CA store) or a PEM file")
        _require(options.tls_server_name is None or (isinstance(options.tls_server_name, str) and options.tls_server_name.strip() != ""),
                 "tls_server_name", options.tls_server_name, "None (the host connected to) or a host name or IP address")
        return options

    def tls_context(self) -> Optional[ssl.SSLContext]:
        """The TLS client context of these options (certificates and host names checked, TLS 1.2 or later); None without TLS.

        Raises:
            OptionsError: the CA file cannot be read or holds no certificate.
        """
        if not self.use_tls:
            return None
        try:
            context = ssl.create_default_context(cafile=self.tls_ca)
        except (OSError, ssl.SSLError) as error:
            raise OptionsError(f"ContainerOptions.tls_ca is {self.tls_ca!r}; expected a readable PEM file of CA certificates ({error}).") from error
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


def _is_int(value) -> bool:
    return type(value) is int


def _is_positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _is_join_token(value) -> bool:
    return (isinstance(value, str) and MIN_JOIN_TOKEN_CHARS <= len(value) <= MAX_JOIN_TOKEN_BYTES
            and all("!" <= c <= "~" for c in value))


def _require(valid: bool, name: str, received, expected: str) -> None:
    if not valid:
        raise OptionsError(f"ContainerOptions.{name} is {received!r}; expected {expected}.")


def _invalid(name: str, received: str, expected: str):
    raise OptionsError(f'Environment variable {name} is "{received}"; expected {expected}.')


def _required_label(env: Mapping[str, str], name: str) -> str:
    if name not in env:
        raise OptionsError(f"Environment variable {name} is not set; expected {LABEL_RULE}.")
    value = env[name]
    return value if is_label(value) else _invalid(name, value, LABEL_RULE)


def _int_variable(env: Mapping[str, str], name: str, low: int, high: int, expected: str) -> int:
    text = env[name]
    if text.isascii() and text.isdigit() and low <= int(text) <= high:
        return int(text)
    return _invalid(name, text, expected)
