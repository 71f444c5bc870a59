"""Patterns that split or replace inside a string: a literal str, a compiled regex, a char predicate.

`find_matches(pattern, text)` cuts `text` into consecutive pieces, each flagged as a match or
not, covering the whole text: `find_matches("-", "a-b") -> [((0, 1), False), ((1, 2), True),
((2, 3), False)]`. Offsets are in characters.
"""

from __future__ import annotations

import re
from typing import Callable, Union

import regex

from .oniguruma import find_spans
from .regex_budget import BoundedPattern

Offsets = tuple[int, int]
Pattern = Union[str, "re.Pattern[str]", "regex.Pattern[str]", BoundedPattern, Callable[[str], bool], "Invert"]


class Invert:
    """A pattern whose matches are the gaps of another pattern."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: Pattern) -> None:
        self.pattern = pattern


def find_matches(pattern: Pattern, text: str) -> list[tuple[Offsets, bool]]:
    """Split `text` into (offsets, is_match) pieces that cover it end to end."""
    if isinstance(pattern, Invert):
        return [(offsets, not is_match) for offsets, is_match in find_matches(pattern.pattern, text)]
    if isinstance(pattern, str):
        if not pattern:
            return [((0, len(text)), False)]
        return _regex_matches(regex.compile(regex.escape(pattern)), text)
    if isinstance(pattern, (re.Pattern, regex.Pattern, BoundedPattern)):
        return _regex_matches(pattern, text)
    if callable(pattern):
        return _predicate_matches(pattern, text)
    raise TypeError(f"unsupported pattern type {type(pattern).__name__}")


def _regex_matches(compiled: Union["re.Pattern[str]", "regex.Pattern[str]", BoundedPattern], text: str) -> list[tuple[Offsets, bool]]:
    if not text:
        return [((0, 0), False)]
    pieces: list[tuple[Offsets, bool]] = []
    previous = 0
    for start, end in _match_spans(compiled, text):
        if previous != start:
            pieces.append(((previous, start), False))
        pieces.append(((start, end), True))
        previous = end
    if previous != len(text):
        pieces.append(((previous, len(text)), False))
    return pieces


def _match_spans(compiled: Union["re.Pattern[str]", "regex.Pattern[str]", BoundedPattern], text: str) -> list[Offsets]:
    spans = [match.span() for match in compiled.finditer(text)]
    if any(start == end for start, end in spans):
        # Oniguruma and Python differ around empty matches; take the exact, slower search.
        return find_spans(compiled, text)
    return spans


def _predicate_matches(is_match: Callable[[str], bool], text: str) -> list[tuple[Offsets, bool]]:
    if not text:
        return [((0, 0), False)]
    pieces: list[tuple[Offsets, bool]] = []
    last = 0
    for index, char in enumerate(text):
        if is_match(char):
            if last < index:
                pieces.append(((last, index), False))
            pieces.append(((index, index + 1), True))
            last = index + 1
    if last < len(text):
        pieces.append(((last, len(text)), False))
    return pieces
