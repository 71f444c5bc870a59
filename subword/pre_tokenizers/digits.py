"""Digits: split numbers from the rest."""

from __future__ import annotations

from ..text.chars import NUMERIC
from ..core.registry import field
from ._char_split import match_spans, words_pattern
from .base import Offsets, WordSpansPreTokenizer, check_bool, pre_tokenizers_registry

# Rust's char::is_numeric: general categories Nd, Nl and No.
_NUMERIC = NUMERIC


@pre_tokenizers_registry.register("Digits")
class Digits(WordSpansPreTokenizer):
    """Split numeric chars from the rest, as runs or, with `individual_digits`, one by one.

    >>> Digits().pre_tokenize_str("Call 123")
    [('Call ', (0, 5)), ('123', (5, 8))]
    >>> Digits(individual_digits=True).split_str("Call 123")
    ['Call ', '1', '2', '3']
    """

    def __init__(self, individual_digits: bool = False) -> None:
        self.individual_digits = check_bool(individual_digits, "individual_digits")

    @property
    def _behavior(self) -> str:
        return "isolated" if self.individual_digits else "contiguous"

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Split around the numeric chars."""
        return match_spans(words_pattern(_NUMERIC, self._behavior).finditer, sequence)  # type: ignore[arg-type]

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return words_pattern(_NUMERIC, self._behavior).findall(sequence)  # type: ignore[arg-type]

    def to_json(self) -> dict:
        """`{"type": "Digits", "individual_digits": false}`."""
        return {"type": self.type_name, "individual_digits": self.individual_digits}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Digits:
        """Read `individual_digits` (required)."""
        return cls(field(data, "individual_digits", bool, path))
