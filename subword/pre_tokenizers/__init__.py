"""Pre-tokenizers: cut the normalized text into words, keeping offsets."""

from .base import PreTokenizer, pre_tokenizers_registry
from .bert import BertPreTokenizer
from .byte_level import ByteLevel
from .delimiter import CharDelimiterSplit
from .digits import Digits
from .fixed_length import FixedLength
from .metaspace import Metaspace
from .punctuation import Punctuation
from .sequence import Sequence
from .split import Split
from .unicode_scripts import UnicodeScripts
from .whitespace import Whitespace, WhitespaceSplit

__all__ = [
    "BertPreTokenizer",
    "ByteLevel",
    "CharDelimiterSplit",
    "Digits",
    "FixedLength",
    "Metaspace",
    "PreTokenizer",
    "Punctuation",
    "Sequence",
    "Split",
    "UnicodeScripts",
    "Whitespace",
    "WhitespaceSplit",
    "pre_tokenizers_registry",
]
