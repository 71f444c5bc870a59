"""Decoders: turn token strings back into text."""

from .base import Decoder, decoders_registry
from .bpe import BPEDecoder
from .byte_fallback import ByteFallback
from .byte_level import ByteLevel
from .ctc import CTC
from .fuse import Fuse
from .metaspace import Metaspace
from .replace import Replace
from .sequence import Sequence
from .strip import Strip
from .stream import DecodeStream
from .wordpiece import WordPiece

__all__ = [
    "BPEDecoder",
    "ByteFallback",
    "ByteLevel",
    "CTC",
    "DecodeStream",
    "Decoder",
    "Fuse",
    "Metaspace",
    "Replace",
    "Sequence",
    "Strip",
    "WordPiece",
    "decoders_registry",
]
