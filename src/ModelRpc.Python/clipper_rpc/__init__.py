"""clipper_rpc: Python model containers for Clipper for .NET's query frontends (model RPC protocol version 3).

Write ``predict(inputs) -> list`` and run it with ``python3 -m clipper_rpc --entry module:predict``, or
from code with :func:`serve`. See README.md beside this package.
"""

from .codec import ProtocolViolation
from .container import ModelContainer
from .inputs import InputType, numpy_available, parse_input_type
from .options import ContainerOptions, OptionsError
from .protocol import VERSION as PROTOCOL_VERSION
from .runner import run_until_signalled, serve
from .tracing import current_traceparent

__all__ = [
    "ContainerOptions",
    "InputType",
    "ModelContainer",
    "OptionsError",
    "PROTOCOL_VERSION",
    "ProtocolViolation",
    "current_traceparent",
    "numpy_available",
    "parse_input_type",
    "run_until_signalled",
    "serve",
]
__version__ = "1.0.0"
