"""Splitting on every char of a set, for the full path and the fast path alike.

A char set is a CharClass of subword's tables (text/char_classes.py), or the inside of a `regex`
set (`\\-`, `a-z`).
`words_pattern(char_set, behavior)` matches the words that a split on those chars keeps (its
`findall` is the fast path, its `finditer` spans cut the NormalizedString in the full path),
e.g. for `-` on "a-b--c":

    removed -> a, b, c             isolated -> a, -, b, -, -, c
    merged_with_previous -> a-, b-, -, c                  merged_with_next -> a, -b, -, -c
    contiguous -> a, -, b, --, c
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterator, Union

import regex

from ..text.char_classes import CharClass, GuardedPattern

from ..core.normalized_string import NormalizedString, SplitDelimiterBehavior
from ..core.pre_tokenized_string import PreTokenizedString

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


def split_on_words(pretokenized: PreTokenizedString, finditer: Callable[[str], Iterator[regex.Match[str]]]) -> None:
    """Cut every split of `pretokenized` into the matches of `finditer` (a pattern's method),
    dropping what lies between: the full path of a pre-tokenizer whose words a pattern finds."""

    def split(_: int, normalized: NormalizedString) -> list[NormalizedString]:
        return normalized.slices([match.span() for match in finditer(normalized.normalized)])

    pretokenized.split(split)


def split_on_chars(
    pretokenized: PreTokenizedString, char_set: Union[str, CharClass], behavior: SplitDelimiterBehavior
) -> None:
    """Split every split of `pretokenized` on the chars of `char_set`.

    The words of each behavior are what `words_pattern` matches, as in the fast path.
    """
    split_on_words(pretokenized, words_pattern(char_set, behavior).finditer)
