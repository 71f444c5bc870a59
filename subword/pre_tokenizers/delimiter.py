"""CharDelimiterSplit: split on one given char."""

from __future__ import annotations

from typing import Any

import regex

from ._char_split import match_spans, words_pattern
from .base import Offsets, WordSpansPreTokenizer, char_from_json, check_char, pre_tokenizers_registry


@pre_tokenizers_registry.register("CharDelimiterSplit")
class CharDelimiterSplit(WordSpansPreTokenizer):
    """Split on `delimiter`, dropping it, like `str.split(delimiter)` without empty words.

    >>> CharDelimiterSplit("x").pre_tokenize_str("helloxthere")
    [('hello', (0, 5)), ('there', (6, 11))]
    """

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter

    def __setattr__(self, name: str, value: Any) -> None:
        # The delimiter is checked when set, in the constructor or later, as in Rust.
        object.__setattr__(self, name, check_char(value, "delimiter") if name == "delimiter" else value)

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Split on the delimiter, removing it."""
        return match_spans(words_pattern(regex.escape(self.delimiter), "removed").finditer, sequence)

    def to_json(self) -> dict:
        """`{"type": "CharDelimiterSplit", "delimiter": "x"}`."""
        return {"type": self.type_name, "delimiter": self.delimiter}

    @classmethod
    def from_json(cls, data: dict, path: str) -> CharDelimiterSplit:
        """Read the delimiter (one char)."""
        return cls(char_from_json(data, "delimiter", path))
