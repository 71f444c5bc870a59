"""Names the Rust package's top level exports for typing and options: three `Enum`s and the
input type aliases (`tokenizers.OffsetReferential`, `tokenizers.EncodeInput`, ...).

subword's calls take the plain strings ("original", "char", "removed"); the enums are here so
that code importing them from `tokenizers` imports them from `subword` too.

    >>> OffsetReferential.ORIGINAL.value, [member.value for member in OffsetType]
    ('original', ['byte', 'char'])
"""

from __future__ import annotations

from enum import Enum
from typing import List, Tuple, Union


class OffsetReferential(Enum):
    """Which text offsets refer to."""

    ORIGINAL = "original"
    NORMALIZED = "normalized"


class OffsetType(Enum):
    """The unit of offsets."""

    BYTE = "byte"
    CHAR = "char"


class SplitDelimiterBehavior(Enum):
    """What a split does with the delimiter it matched."""

    REMOVED = "removed"
    ISOLATED = "isolated"
    MERGED_WITH_PREVIOUS = "merged_with_previous"
    MERGED_WITH_NEXT = "merged_with_next"
    CONTIGUOUS = "contiguous"


# The input aliases, spelled as the Rust package's __init__.py spells them.
TextInputSequence = str
PreTokenizedInputSequence = Union[List[str], Tuple[str]]
TextEncodeInput = Union[TextInputSequence, Tuple[TextInputSequence, TextInputSequence], List[TextInputSequence]]
PreTokenizedEncodeInput = Union[
    PreTokenizedInputSequence,
    Tuple[PreTokenizedInputSequence, PreTokenizedInputSequence],
    List[PreTokenizedInputSequence],
]
InputSequence = Union[TextInputSequence, PreTokenizedInputSequence]
EncodeInput = Union[TextEncodeInput, PreTokenizedEncodeInput]
