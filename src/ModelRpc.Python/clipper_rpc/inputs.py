"""Input types, Clipper's aliases for them, and decoding of a batch's inputs.

Numeric inputs (integers, floats, doubles) arrive as MessagePack ``bin`` values holding the
numbers packed little-endian. They are given to the predict function as one-dimensional numpy
arrays (``int32``, ``float32``, ``float64``, each a writable copy) when numpy can be imported,
else as Python lists of ``int`` or ``float``; ``ContainerOptions.numpy_inputs`` chooses.
Bytes inputs are ``bytes``; strings inputs are ``str``.
"""

import array
import enum
import sys

try:  # numpy is optional: without it numeric inputs are lists.
    import numpy as _np
except ImportError:  # pragma: no cover - exercised only on machines without numpy
    _np = None


class InputType(enum.IntEnum):
    """The type of every input of a model version; the value is the code in a BatchRequest."""

    INTEGERS = 1
    FLOATS = 2
    DOUBLES = 3
    BYTES = 4
    STRINGS = 5

    @property
    def wire_name(self) -> str:
        """The canonical name sent in Hello: ``integers``, ``floats``, ``doubles``, ``bytes`` or ``strings``."""
        return self.name.lower()


#: Every accepted spelling, for messages that say what was expected.
ACCEPTED_NAMES = "bytes|byte|b, integers|ints|integer|int|i, floats|float|f, doubles|double|d, strings|string|str|strs|s"

_ALIASES = {
    **dict.fromkeys(("bytes", "byte", "b"), InputType.BYTES),
    **dict.fromkeys(("integers", "ints", "integer", "int", "i"), InputType.INTEGERS),
    **dict.fromkeys(("floats", "float", "f"), InputType.FLOATS),
    **dict.fromkeys(("doubles", "double", "d"), InputType.DOUBLES),
    **dict.fromkeys(("strings", "string", "str", "strs", "s"), InputType.STRINGS),
}

# array module typecodes and numpy dtypes (explicitly little-endian) per numeric type.
_ARRAY_CODES = {InputType.INTEGERS: "i", InputType.FLOATS: "f", InputType.DOUBLES: "d"}
_NUMPY_DTYPES = {InputType.INTEGERS: "<i4", InputType.FLOATS: "<f4", InputType.DOUBLES: "<f8"}
_ELEMENT_SIZES = {InputType.INTEGERS: 4, InputType.FLOATS: 4, InputType.DOUBLES: 8}
_WIRE_ELEMENTS = {InputType.INTEGERS: "int32", InputType.FLOATS: "float32", InputType.DOUBLES: "float64"}


def numpy_available() -> bool:
    """Whether numpy could be imported, so numeric inputs can be numpy arrays."""
    return _np is not None


def parse_input_type(name) -> InputType:
    """Parses a type name or one of Clipper's aliases (case-insensitive, surrounding spaces ignored).

    Raises:
        ValueError: the name is not known; the message lists the accepted names.
    """
    if isinstance(name, InputType):
        return name
    parsed = _ALIASES.get(str(name).strip().lower()) if name is not None else None
    if parsed is None:
        raise ValueError(f"input type {name!r} is not known; expected one of {ACCEPTED_NAMES}")
    return parsed


def describe_type_code(code) -> str:
    """A type code as error messages show it, e.g. ``3 (doubles)``."""
    if type(code) is int and 1 <= code <= 5:
        return f"{code} ({InputType(code).wire_name})"
    return repr(code)


def describe_value(value) -> str:
    """The MessagePack type of a decoded value, as the .NET side names it in errors."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a str"
    if isinstance(value, (bytes, bytearray)):
        return "a bin"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "a map"
    return "an ext"


class InputDecoder:
    """Turns the raw inputs of a BatchRequest into the values the predict function takes."""

    def __init__(self, input_type: InputType, use_numpy: bool):
        if use_numpy and _np is None:
            raise ValueError("numpy_inputs is True but numpy cannot be imported; install python3-numpy or set it to False")
        self.input_type = input_type
        self.use_numpy = use_numpy
        self._numeric = input_type in _ELEMENT_SIZES

    def decode(self, inputs: list):
        """Decodes every input; returns ``(values, None)`` or ``(None, error)`` naming the first bad input."""
        count = len(inputs)
        values = []
        append = values.append
        if self.input_type is InputType.STRINGS:
            for i, item in enumerate(inputs):
                if type(item) is not str:
                    return None, f"BatchRequest input {i} of {count}: input: expected a str, received {describe_value(item)}."
                append(item)
            return values, None
        for i, item in enumerate(inputs):
            if type(item) is not bytes:
                return None, f"BatchRequest input {i} of {count}: input: expected a bin, received {describe_value(item)}."
            if self._numeric:
                size = _ELEMENT_SIZES[self.input_type]
                if len(item) % size:
                    return None, (
                        f"BatchRequest input {i} of {count}: input: expected a bin whose length is a multiple of {size} "
                        f"({self.input_type.wire_name}: {_WIRE_ELEMENTS[self.input_type]}), received {len(item)} bytes."
                    )
                append(self._numbers(item))
            else:
                append(item)
        return values, None

    def _numbers(self, raw: bytes):
        if self.use_numpy:
            # frombuffer views the immutable bytes read-only; the copy gives the model an array it may change.
            return _np.frombuffer(raw, dtype=_NUMPY_DTYPES[self.input_type]).copy()
        values = array.array(_ARRAY_CODES[self.input_type])
        values.frombytes(raw)
        if sys.byteorder != "little":
            values.byteswap()
        return values.tolist()
