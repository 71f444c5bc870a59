"""Splitting on every char of a set, for the full path and the fast path alike.

A char set is a CharClass of subword's tables (text/char_classes.py), or the inside of a `regex`
set (`\\-`, `a-z`).
`words_pattern(char_set, behavior)` matches the words that a split on those chars keeps (its
`findall` is the fast path, its `finditer` spans are the `word_spans` of the full path),
e.g. for `-` on "a-b--c":

    removed -> a, b, c             isolated -> a, -, b, -, -, c
    merged_with_previous -> a-, b-, -, c                  merged_with_next -> a, -b, -, -c
    contiguous -> a, -, b, --, c
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterator, Union

import regex

from ..text.char_classes import CharClass, GuardedPattern

from ..core.normalized_string import SplitDelimiterBehavior

Offsets = tuple[int, int]

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
def words_pattern(
    char_set: Union[str, CharClass], behavior: SplitDelimiterBehavior
) -> Union[regex.Pattern[str], GuardedPattern]:
    """A compiled pattern whose `findall` gives the words a split on `char_set` keeps."""
    template = _WORDS_BY_BEHAVIOR[behavior]
    if isinstance(char_set, CharClass):
        return GuardedPattern(template.format(c="[{k}]", n="[^{k}]"), {"k": char_set})
    return regex.compile(template.format(c=f"[{char_set}]", n=f"[^{char_set}]"), regex.V1)


def match_spans(finditer: Callable[[str], Iterator[Union[re.Match[str], regex.Match[str]]]], text: str) -> list[Offsets]:
    """The spans of the matches of `finditer` (a pattern's method) in `text`: the words of a
    pre-tokenizer whose words a pattern finds, what lies between them dropped."""
    matches = finditer(text)
    first = next(matches, None)
    if first is None:
        return []
    span = type(first).span  # (the method itself, of `re`'s or `regex`'s matches: a C loop over them)
    return [span(first), *map(span, matches)]  # type: ignore[arg-type]
