"""Splitting on every char of a set, for the full path and the fast path alike.

A char set is the inside of a `regex` set (`\\s`, `\\p{N}`, `\\-`, or a nested `[[...]--[...]]`).
`char_pattern(char_set)` matches one such char: passed to `NormalizedString.split`, it gives
the same pieces as a char predicate. `words_pattern(char_set, behavior)` is its fast twin: its
`findall` returns the words that split keeps, e.g. for `-` on "a-b--c":

    removed -> a, b, c             isolated -> a, -, b, -, -, c
    merged_with_previous -> a-, b-, -, c                  merged_with_next -> a, -b, -, -c
    contiguous -> a, -, b, --, c
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex

from ..normalized_string import SplitDelimiterBehavior
from ..pre_tokenized_string import PreTokenizedString

# `{c}` is one char of the set, `{n}` one char outside it.
_WORDS_BY_BEHAVIOR = {
    "removed": "{n}+",
    "isolated": "{c}|{n}+",
    "contiguous": "{c}+|{n}+",
    # a delimiter joins the run of other chars before it, if there is one
    "merged_with_previous": "{n}*{c}|{n}+",
    # a delimiter joins the run of other chars after it, if there is one
    "merged_with_next": "{c}?{n}+|{c}",
}


@lru_cache(maxsize=None)
def char_pattern(char_set: str) -> regex.Pattern[str]:
    """A compiled pattern matching one char of `char_set`."""
    return regex.compile(f"[{char_set}]", regex.V1)


@lru_cache(maxsize=None)
def words_pattern(char_set: str, behavior: SplitDelimiterBehavior) -> regex.Pattern[str]:
    """A compiled pattern whose `findall` gives the words a split on `char_set` keeps."""
    template = _WORDS_BY_BEHAVIOR[behavior]
    return regex.compile(template.format(c=f"[{char_set}]", n=f"[^{char_set}]"), regex.V1)


def guarded_findall(
    exact: regex.Pattern[str], plain: regex.Pattern[str], exceptions: frozenset[str]
) -> Callable[[str], list[str]]:
    """`exact.findall`, run as the quicker `plain.findall` when the text has none of the
    `exceptions`, the chars on which the two patterns differ."""
    exact_findall, plain_findall, isdisjoint = exact.findall, plain.findall, exceptions.isdisjoint

    def findall(text: str) -> list[str]:
        if text.isascii() or isdisjoint(text):
            return plain_findall(text)
        return exact_findall(text)

    return findall


def split_on_chars(pretokenized: PreTokenizedString, char_set: str, behavior: SplitDelimiterBehavior) -> None:
    """Split every split of `pretokenized` on the chars of `char_set`."""
    pattern = char_pattern(char_set)
    pretokenized.split(lambda _, normalized: normalized.split(pattern, behavior))
