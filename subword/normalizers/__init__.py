"""Normalizers: clean and transform the text before it is split, keeping alignments."""

from .base import Normalizer, normalizers_registry
from .bert import BertNormalizer
from .byte_level import ByteLevel
from .lowercase import Lowercase
from .precompiled import Precompiled
from .prepend import Prepend
from .replace import Replace
from .sequence import Sequence
from .strip import Strip, StripAccents
from .unicode import NFC, NFD, NFKC, NFKD, Nmt
from ..text.oniguruma import Regex

__all__ = [
    "NFC",
    "NFD",
    "NFKC",
    "NFKD",
    "BertNormalizer",
    "ByteLevel",
    "Lowercase",
    "Nmt",
    "Normalizer",
    "Precompiled",
    "Precompiled",
    "Prepend",
    "Regex",
    "Replace",
    "Sequence",
    "Strip",
    "StripAccents",
    "normalizers_registry",
]
