"""Whitespace (words and runs of other symbols) and WhitespaceSplit (split on whitespace)."""

from __future__ import annotations

from ..text.char_classes import GuardedPattern
from ..text.chars import RUST_REGEX_SPACE, RUST_REGEX_WORD, WHITE_SPACE
from ._char_split import match_spans, words_pattern
from .base import Offsets, WordSpansPreTokenizer, pre_tokenizers_registry

# Rust's `\w+|[^\w\s]+`, with the Rust `regex` crate's `\w` and `\s`.
_WORDS = GuardedPattern("[{w}]+|[^{s}{w}]+", {"w": RUST_REGEX_WORD, "s": RUST_REGEX_SPACE})
_FINDALL_WORDS = _WORDS.findall
_FINDITER_WORDS = _WORDS.finditer
_NOT_WHITESPACE = words_pattern(WHITE_SPACE, "removed")
_FINDITER_NOT_WHITESPACE = _NOT_WHITESPACE.finditer


@pre_tokenizers_registry.register("Whitespace")
class Whitespace(WordSpansPreTokenizer):
    """Split into runs of word chars and runs of other non-whitespace chars (`\\w+|[^\\w\\s]+`).

    >>> Whitespace().pre_tokenize_str("Let's go!!")
    [('Let', (0, 3)), ("'", (3, 4)), ('s', (4, 5)), ('go', (6, 8)), ('!!', (8, 10))]
    """

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Keep what the pattern matches; drop the whitespace between."""
        return match_spans(_FINDITER_WORDS, sequence)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return _FINDALL_WORDS(sequence)


@pre_tokenizers_registry.register("WhitespaceSplit")
class WhitespaceSplit(WordSpansPreTokenizer):
    """Split on whitespace, dropping it, like `str.split()` (with Rust's idea of whitespace).

    >>> WhitespaceSplit().pre_tokenize_str("Hi  you!")
    [('Hi', (0, 2)), ('you!', (4, 8))]
    """

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Split on every whitespace char, removing it."""
        return match_spans(_FINDITER_NOT_WHITESPACE, sequence)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only: `str.split()` unless the text has one of the four chars it wrongly
        takes for whitespace (U+001C..U+001F)."""
        if "\x1c" in sequence or "\x1d" in sequence or "\x1e" in sequence or "\x1f" in sequence:
            return _NOT_WHITESPACE.findall(sequence)
        return sequence.split()
