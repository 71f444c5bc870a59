"""Whitespace (words and runs of other symbols) and WhitespaceSplit (split on whitespace)."""

from __future__ import annotations

import regex

from ..text.chars import UNICODE_17_ADDITIONS, UNICODE_17_CHARS
from ..core.pre_tokenized_string import PreTokenizedString
from ._char_split import guarded, split_on_chars, split_on_words, words_pattern
from .base import PreTokenizer, pre_tokenizers_registry

# Rust's `\w+|[^\w\s]+`, where the Rust `regex` crate's `\w` does not know Unicode 17.0 yet.
_WORD_CHAR = rf"[\w--[{UNICODE_17_ADDITIONS}]]"
_WORDS = regex.compile(rf"{_WORD_CHAR}+|[^\s{_WORD_CHAR}]+", regex.V1)
_PLAIN_WORDS = regex.compile(r"\w+|[^\w\s]+")
_FINDALL_WORDS = guarded(_WORDS.findall, _PLAIN_WORDS.findall, UNICODE_17_CHARS)
_FINDITER_WORDS = guarded(_WORDS.finditer, _PLAIN_WORDS.finditer, UNICODE_17_CHARS)
_NOT_WHITESPACE = words_pattern(r"\s", "removed")


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
        split_on_chars(pretokenized, r"\s", "removed")

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only: `str.split()` unless the text has one of the four chars it wrongly
        takes for whitespace (U+001C..U+001F)."""
        if "\x1c" in sequence or "\x1d" in sequence or "\x1e" in sequence or "\x1f" in sequence:
            return _NOT_WHITESPACE.findall(sequence)
        return sequence.split()
