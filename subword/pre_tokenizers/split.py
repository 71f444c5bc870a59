"""Split: split on a literal string or a `Regex`, with a chosen delimiter behavior."""

from __future__ import annotations

from typing import Union

import regex

from ..core.registry import field
from ..errors import ArgumentTypeError, ArgumentValueError, SubwordError, type_name
from ..core.normalized_string import SplitDelimiterBehavior, split_spans
from ..text.oniguruma import Regex, find_spans, pattern_from_json, pattern_to_json
from .base import (
    BEHAVIOR_JSON,
    WordSpansPreTokenizer,
    behavior_from_json,
    check_behavior,
    check_bool,
    pre_tokenizers_registry,
)

Offsets = tuple[int, int]


@pre_tokenizers_registry.register("Split")
class Split(WordSpansPreTokenizer):
    """Split on every match of `pattern`: a str is matched literally, a `Regex` as a regex.

    `behavior` says what becomes of the matches ("removed", "isolated", "merged_with_previous",
    "merged_with_next", "contiguous"); `invert` splits on what does not match instead.

    >>> Split(",", "removed").pre_tokenize_str("one,two")
    [('one', (0, 3)), ('two', (4, 7))]
    >>> Split(Regex(r"\\d+"), "isolated").split_str("ab12cd")
    ['ab', '12', 'cd']
    """

    def __init__(self, pattern: Union[str, Regex], behavior: SplitDelimiterBehavior, invert: bool = False) -> None:
        if not isinstance(pattern, (str, Regex)):
            raise ArgumentTypeError(f"pattern must be a str or a Regex, got {type_name(pattern)}")
        self._pattern = pattern
        self.behavior = check_behavior(behavior)
        self.invert = check_bool(invert, "invert")
        # A literal str is a regex of its escaped text (so "" matches between every char).
        self._literal = None if isinstance(pattern, Regex) else regex.compile(regex.escape(pattern))

    @property
    def pattern(self) -> Union[str, Regex]:
        """Refused, as in the Rust package: the pattern is fixed once built (`get_pattern()` reads it)."""
        raise SubwordError("Cannot get pattern")

    @pattern.setter
    def pattern(self, value: object) -> None:
        raise ArgumentValueError("Cannot set pattern, please instantiate a new split pattern instead")

    def get_pattern(self) -> Union[str, Regex]:
        """The literal str or `Regex` this pre-tokenizer splits on."""
        return self._pattern

    def _compiled_for(self, text: str) -> regex.Pattern[str]:
        return self._pattern.compiled_for(text) if self._literal is None else self._literal

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Split on the pattern's matches."""
        return [span for span in split_spans(self._pieces(sequence), self.behavior) if span[0] < span[1]]

    def _pieces(self, text: str) -> list[tuple[Offsets, bool]]:
        """`text` cut into (offsets, is_delimiter) pieces that cover it end to end."""
        if not text:
            return [((0, 0), False)]
        pieces: list[tuple[Offsets, bool]] = []
        previous = 0
        for start, end in find_spans(self._compiled_for(text), text):
            if previous != start:
                pieces.append(((previous, start), self.invert))
            pieces.append(((start, end), not self.invert))
            previous = end
        if previous != len(text):
            pieces.append(((previous, len(text)), self.invert))
        return pieces

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only; the common "isolated" split of a pattern that matched no empty
        string takes one pass of `finditer`."""
        if self.behavior == "isolated":
            words = _isolated_words(self._compiled_for(sequence), sequence)
            if words is not None:
                return words
        return [sequence[start:end] for start, end in self.word_spans(sequence)]

    def to_json(self) -> dict:
        """`{"type": "Split", "pattern": {"String": ...}, "behavior": "Isolated", "invert": false}`."""
        return {
            "type": self.type_name,
            "pattern": pattern_to_json(self._pattern),
            "behavior": BEHAVIOR_JSON[self.behavior],
            "invert": self.invert,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> Split:
        """Read the pattern, behavior and invert fields (all required)."""
        pattern = pattern_from_json(field(data, "pattern", dict, path), f"{path}.pattern")
        return cls(pattern, behavior_from_json(data, path), field(data, "invert", bool, path))


def _isolated_words(compiled: regex.Pattern[str], text: str) -> list[str] | None:
    """Matches and the text between them, or None if a match is empty (then Oniguruma's way
    of stepping over empty matches decides, which `finditer` does not follow)."""
    if not compiled.groups:
        # Patterns like GPT-4o's match every char: then the matches alone are the words.
        matches = compiled.findall(text)
        if sum(map(len, matches)) == len(text) and "" not in matches:
            return matches
    words: list[str] = []
    previous = 0
    for match in compiled.finditer(text):
        start, end = match.span()
        if start == end:
            return None
        if previous != start:
            words.append(text[previous:start])
        words.append(match.group())
        previous = end
    if previous != len(text):
        words.append(text[previous:])
    return words
