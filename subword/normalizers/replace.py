"""`Replace`: replace every match of a literal string or a `Regex` by a fixed content."""

from __future__ import annotations

from typing import Union

import regex

from ..core.registry import field
from ..errors import ArgumentTypeError, ArgumentValueError, SubwordError, expect_str, type_name
from ..core.normalized_string import NormalizedString
from ..text.oniguruma import Regex, pattern_from_json, pattern_to_json
from .base import Normalizer, normalizers_registry


@normalizers_registry.register("Replace")
class Replace(Normalizer):
    """Replace each match of `pattern` (a str is matched literally) by `content`.

    The new chars are aligned with the last char of the match they replace.

    >>> Replace(Regex(r"\\s+"), " ").normalize_str("a   b")
    'a b'
    """

    def __init__(self, pattern: Union[str, Regex], content: str) -> None:
        if isinstance(pattern, str):
            # subtle: unlike a split pattern, an empty literal matches everywhere, as in Rust
            self._literal = regex.compile(regex.escape(pattern))
        elif isinstance(pattern, Regex):
            self._literal = None
        else:
            raise ArgumentTypeError(f"pattern must be a str or a Regex, got {type_name(pattern)}")
        self._pattern = pattern
        self.content = expect_str(content, "content")

    @property
    def pattern(self) -> Union[str, Regex]:
        """Refused, as in the Rust package: the pattern is fixed once built (`get_pattern()` reads it)."""
        raise SubwordError("Cannot get pattern")

    @pattern.setter
    def pattern(self, value: object) -> None:
        raise ArgumentValueError("Cannot set pattern, please instantiate a new replace pattern instead")

    def get_pattern(self) -> Union[str, Regex]:
        """The literal str or `Regex` this normalizer replaces."""
        return self._pattern

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        # A literal lets NormalizedString.replace take its one-char-for-one-char shortcut; the
        # empty literal must stay a regex, which matches everywhere.
        literal = isinstance(self._pattern, str) and self._pattern
        normalized.replace(self._pattern if literal else self._compiled_for(normalized.normalized), self.content)

    def _compiled_for(self, text: str) -> regex.Pattern[str]:
        return self._pattern.compiled_for(text) if self._literal is None else self._literal

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry."""
        return {"type": "Replace", "pattern": pattern_to_json(self._pattern), "content": self.content}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Replace:
        """Read the normalizer from its tokenizer.json entry."""
        pattern = pattern_from_json(field(data, "pattern", dict, path), f"{path}.pattern")
        return cls(pattern, field(data, "content", str, path))
