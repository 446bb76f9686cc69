"""Reading frames off an asyncio stream, with the receiver's size limit."""

import asyncio
from typing import Optional, Tuple

from .codec import ProtocolViolation, length_of
from .protocol import LENGTH_PREFIX_BYTES, MessageType

_FIRST_TYPE, _LAST_TYPE = MessageType.HELLO, MessageType.RELEASE


async def read_frame(reader: asyncio.StreamReader, max_frame_bytes: int) -> Optional[Tuple[MessageType, bytes]]:
    """The next frame's type and body, or None when the stream ended cleanly between frames.

    Raises:
        ProtocolViolation: an empty or oversized length (checked before the body is buffered), an
            unknown type byte, or a stream that ended inside a frame; the text names the limit.
    """
    try:
        prefix = await reader.readexactly(LENGTH_PREFIX_BYTES)
    except asyncio.IncompleteReadError as cut:
        if not cut.partial:
            return None
        raise ProtocolViolation(
            f"The connection ended inside a frame: received {len(cut.partial)} of the {LENGTH_PREFIX_BYTES} length bytes."
        ) from None
    length = length_of(prefix)
    if length == 0:
        raise ProtocolViolation("Received a frame with length 0; expected a length of at least 1 (the type byte).")
    if length > max_frame_bytes:
        raise ProtocolViolation(
            f"Received a frame of {length} bytes; expected at most {max_frame_bytes} bytes (max_frame_bytes). "
            "Raise max_frame_bytes on the receiving side if such frames are legitimate."
        )
    try:
        data = await reader.readexactly(length)
    except asyncio.IncompleteReadError as cut:
        raise ProtocolViolation(
            f"The connection ended inside a frame: received {len(cut.partial)} of its {length} bytes "
            f"(max_frame_bytes is {max_frame_bytes})."
        ) from None
    kind = data[0]
    if not _FIRST_TYPE <= kind <= _LAST_TYPE:
        raise ProtocolViolation(f"Received a frame of unknown type {kind}; expected 1 (Hello) to 11 (Release).")
    return MessageType(kind), data[1:]
