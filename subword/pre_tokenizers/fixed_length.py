"""FixedLength: cut text into chunks of a fixed number of chars."""

from __future__ import annotations

from typing import Any

from ..core.registry import field
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString
from .base import PreTokenizer, pre_tokenizers_registry


@pre_tokenizers_registry.register("FixedLength")
class FixedLength(PreTokenizer):
    """Cut every split into chunks of `length` chars (the last may be shorter).

    >>> FixedLength(3).pre_tokenize_str("Hello")
    [('Hel', (0, 3)), ('lo', (3, 5))]
    """

    def __init__(self, length: int = 5) -> None:
        self.length = _check_length(length)

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Cut every split into chunks."""
        pretokenized.split(lambda _, normalized: self._chunks(normalized))

    def _chunks(self, normalized: NormalizedString) -> list[NormalizedString]:
        size = len(normalized.normalized)
        return normalized.slices((start, min(start + self.length, size)) for start in range(0, size, self.length))

    def to_json(self) -> dict:
        """`{"type": "FixedLength", "length": 5}`."""
        return {"type": self.type_name, "length": self.length}

    @classmethod
    def from_json(cls, data: dict, path: str) -> FixedLength:
        """Read `length` (default 5)."""
        length = field(data, "length", int, path, 5)
        if length < 1:
            raise TokenizerFileError(f"{path}.length: expected a positive int, got {length}")
        return cls(length)


def _check_length(length: Any) -> int:
    if not isinstance(length, int) or isinstance(length, bool):
        raise ArgumentTypeError(f"length must be an int, got {type_name(length)}")
    # The Rust package accepts 0 and then panics when splitting; refuse it up front.
    if length < 1:
        raise ArgumentValueError(f"length must be at least 1, got {length}")
    return length
