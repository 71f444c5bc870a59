"""Whitespace (words and runs of other symbols) and WhitespaceSplit (split on whitespace)."""

from __future__ import annotations

from ..text.char_classes import GuardedPattern
from ..text.chars import RUST_REGEX_SPACE, RUST_REGEX_WORD, WHITE_SPACE
from ..core.pre_tokenized_string import PreTokenizedString
from ._char_split import split_on_chars, split_on_words, words_pattern
from .base import PreTokenizer, pre_tokenizers_registry

# Rust's `\w+|[^\w\s]+`, with the Rust `regex` crate's `\w` and `\s`.
_WORDS = GuardedPattern("[{w}]+|[^{s}{w}]+", {"w": RUST_REGEX_WORD, "s": RUST_REGEX_SPACE})
_FINDALL_WORDS = _WORDS.findall
_FINDITER_WORDS = _WORDS.finditer
_NOT_WHITESPACE = words_pattern(WHITE_SPACE, "removed")


@pre_tokenizers_registry.register("Whitespace")
class Whitespace(PreTokenizer):
    """Split into runs of word chars and runs of other non-whitespace chars (`\\w+|[^\\w\\s]+`).

    >>> Whitespace().pre_tokenize_str("Let's go!!")
    [('Let', (0, 3)), ("'", (3, 4)), ('s', (4, 5)), ('go', (6, 8)), ('!!', (8, 10))]
    """

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Keep what the pattern matches; drop the whitespace between."""
        split_on_words(pretokenized, _FINDITER_WORDS)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return _FINDALL_WORDS(sequence)


@pre_tokenizers_registry.register("WhitespaceSplit")
class WhitespaceSplit(PreTokenizer):
    """Split on whitespace, dropping it, like `str.split()` (with Rust's idea of whitespace).

    >>> WhitespaceSplit().pre_tokenize_str("Hi  you!")
    [('Hi', (0, 2)), ('you!', (4, 8))]
    """

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Split on every whitespace char, removing it."""
        split_on_chars(pretokenized, WHITE_SPACE, "removed")

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only: `str.split()` unless the text has one of the four chars it wrongly
        takes for whitespace (U+001C..U+001F)."""
        if "\x1c" in sequence or "\x1d" in sequence or "\x1e" in sequence or "\x1f" in sequence:
            return _NOT_WHITESPACE.findall(sequence)
        return sequence.split()
